package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every jar of the reactor is a named JPMS module and an OSGi bundle of the same name,
 * and exports only what the design allows: api packages and each module's entry point.
 */
class PackagingIT {
    private static final Path ROOT = Path.of(System.getProperty("thplab.root", ".."));

    /** Module directory, module name, the packages it may export. */
    private static final Map<String, Set<String>> EXPORTS = Map.of(
            "org.thplab.api", Set.of("org.thplab.api", "org.thplab.api.arch", "org.thplab.api.fs", "org.thplab.api.anon"),
            "org.thplab.arch.tck", Set.of("org.thplab.arch.tck"),
            "org.thplab.arch.x86_64", Set.of(),
            "org.thplab.arch.ppc64", Set.of(),
            "org.thplab.mm", Set.of("org.thplab.mm"),
            "org.thplab.fs.shmem", Set.of(),
            "org.thplab.fs.anon", Set.of(),
            "org.thplab.fs.shmem.linux6", Set.of(),
            "org.thplab.fs.anon.linux6", Set.of(),
            "org.thplab.launcher", Set.of());

    private static final List<String> MODULE_DIRS = List.of("api", "arch-tck", "arch-x86_64", "arch-ppc64", "mm-core",
            "fs-shmem", "fs-anon", "fs-shmem-linux6", "fs-anon-linux6", "launcher");

    @Test
    void everyJarIsAModuleAndABundleExportingOnlyWhatItMay() throws IOException {
        for (String dir : MODULE_DIRS) {
            Path jar = jarOf(dir);
            ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
            assertFalse(d.isAutomatic(), jar + " must carry module-info.class");
            assertTrue(EXPORTS.containsKey(d.name()), () -> "unexpected module " + d.name());
            Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            assertEquals(EXPORTS.get(d.name()), exported, () -> d.name() + " exports");
            assertTrue(d.opens().stream().allMatch(o -> o.isQualified()), () -> d.name() + " opens only to named friends");
            try (JarFile jf = new JarFile(jar.toFile())) {
                String bsn = jf.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                assertEquals(d.name(), bsn, () -> jar + ": Bundle-SymbolicName must equal the module name");
                String osgiExports = String.valueOf(jf.getManifest().getMainAttributes().getValue("Export-Package"));
                for (String pkg : exported) {
                    assertTrue(osgiExports.contains(pkg), () -> jar + ": OSGi must export " + pkg + " as JPMS does");
                }
            }
        }
    }

    private static Path jarOf(String dir) throws IOException {
        try (var files = Files.list(ROOT.resolve(dir).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(dir + "-[0-9].*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jar built in " + dir + "/target"));
        }
    }
}
