package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filesystem plugin built outside the reactor (examples/third-party-fs, compiled here
 * against the api jar alone, packaged as a module and a bundle) runs under both runtimes, and a
 * bundle that cannot resolve is reported with its missing requirement.
 */
class ThirdPartyPluginIT {
    private static final Path DIST = PluginJars.DIST;

    @TempDir
    static Path work;
    private static Path ramfs;

    @BeforeAll
    static void buildThePlugin() throws IOException {
        // The example project's plugin, with the test's own hostile and unstartable providers beside it.
        Path example = Path.of(System.getProperty("thplab.root", "..")).resolve("examples/third-party-fs/src/main/java");
        List<String> sources = new ArrayList<>(List.of(example.resolve("org/example/ramfs/Ramfs.java").toString()));
        sources.addAll(PluginJars.resources("thirdparty", work.resolve("src"), "module-info.java",
                "org/example/ramfs/Unstartable.java", "org/example/ramfs/Hostile.java",
                "org/example/ramfs/Fickle.java"));
        PluginJars.compile(work.resolve("classes"), sources);
        ramfs = pluginJar(work.resolve("classes"), "ramfs-1.0.jar", API_IMPORTS, "org.example.ramfs.Ramfs",
                "org.example.ramfs.Hostile", "org.example.ramfs.Fickle");
    }

    private static final String API_IMPORTS =
            "org.thplab.api.fs;version=\"[0.1,1)\",org.thplab.api.arch;version=\"[0.1,1)\"";

    /** The compiled plugin as a jar that is both a module and a bundle importing {@code imports}. */
    private static Path pluginJar(Path classes, String name, String imports, String... providers) throws IOException {
        return PluginJars.jar(classes, work.resolve(name), "org.example.ramfs", imports,
                "org.thplab.api.fs.FilesystemType", providers);
    }

    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    /** A script in the work folder holding {@code lines}. */
    private static Path script(String name, String... lines) throws IOException {
        return Files.writeString(work.resolve(name), String.join("\n", lines) + "\n");
    }

    /** {@code thplab run SCRIPT} with the built plugins and {@code plugin}, under JPMS, then {@code more}. */
    private static CliResult runJpms(Path script, Path plugin, String... more) {
        List<String> args = new ArrayList<>(List.of("run", script.toString(), "--plugins-dir",
                DIST.resolve("plugins").toString(), "--plugin", plugin.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** As {@link #runJpms}, under embedded Felix. */
    private static CliResult runOsgi(Path script, Path plugin, String... more) {
        List<String> args = new ArrayList<>(List.of("--runtime", "osgi", "--osgi-dir", DIST.resolve("osgi").toString()));
        args.addAll(List.of(more));
        return runJpms(script, plugin, args.toArray(String[]::new));
    }

    /** A jar with {@code mf} and nothing in it worth loading. */
    private static Path emptyJar(String name, Manifest mf) throws IOException {
        Path jar = work.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.putNextEntry(new JarEntry("readme.txt"));
        }
        return jar;
    }

    @Test
    void theSamePluginJarRunsUnderBothRuntimes() throws IOException {
        Path script = script("ramfs.wl",
                "mount R type=ramfs",
                "file F R 4page",
                "map p0 A file F 4page",
                "write p0 A 0 4page 9",
                "verify p0 A 0 4page 9",
                "smaps p0 A",
                "truncate F 2page",
                "read p0 A 0 4page",
                "smaps p0 A");
        CliResult a = runJpms(script, ramfs, "--check");
        CliResult b = runOsgi(script, ramfs, "--check");
        assertEquals(0, a.status(), a.err());
        assertEquals(a, b, "the same plugin, the same output under jpms and osgi");
        assertTrue(a.out().contains("sigbus p0 A 8192"), "truncate removed the plugin's pages: " + a.out());
        CliResult modules = run("modules", "--plugins-dir", DIST.resolve("plugins").toString(), "--plugin",
                ramfs.toString());
        assertTrue(modules.out().contains("ramfs        module org.example.ramfs"), modules.out());
    }

    @Test
    void declaredOptionsAreCheckedWithoutMountingAndMountStaysTheAuthority() throws IOException {
        Path refused = script("declared.wl", "mount R type=ramfs size=1M", "mount F type=fickle mode=sometimes");
        for (CliResult r : List.of(run("check", refused.toString(), "--plugins-dir", DIST.resolve("plugins").toString(),
                "--plugin", ramfs.toString()), runOsgi(refused, ramfs))) {
            assertEquals(2, r.status(), r.err());
            assertEquals(refused + ":1: ramfs: unknown option 'size': expected none\n"
                    + refused + ":2: fickle: bad mode=sometimes: expected on or off\n", r.err());
        }
        Path late = script("late.wl", "mount F type=fickle mode=off", "file X F 1page", "meminfo");
        for (CliResult r : List.of(runJpms(late, ramfs), runOsgi(late, ramfs))) {
            assertEquals(2, r.status(), r.err());
            assertEquals(late + ":1: mount failed: fickle: mode=off is declared but not built yet\n"
                    + late + ":2: file failed: mount F does not exist: the line that makes it failed\n", r.err());
            assertTrue(r.out().startsWith("meminfo "), "the run goes on: " + r.out());
        }
    }

    @Test
    void aBundleMissingAnImportFailsOnItsLineWithoutAStackTrace() throws IOException {
        Path script = script("link.wl", "mount R type=ramfs", "file F R 4page", "map p0 A file F 4page",
                "read p0 A 0 4page");
        Path jar = pluginJar(work.resolve("classes"), "ramfs-no-arch-import.jar",
                "org.thplab.api.fs;version=\"[0.1,1)\"", "org.example.ramfs.Ramfs");
        CliResult r = runOsgi(script, jar);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith(script + ":2: file failed: a plugin could not link: ")
                && r.err().contains("org/thplab/api/arch/Geometry") && !r.err().contains("\tat "), r.err());
    }

    @Test
    void aHostilePluginCannotReachTheCoreAndItsFailureIsContained() throws IOException {
        Path script = script("hostile.wl", "mount H type=hostile", "file F H 2page", "map p0 A file F 2page",
                "read p0 A 0 1page", "meminfo");
        CliResult jpms = runJpms(script, ramfs, "--check");
        CliResult osgi = runOsgi(script, ramfs, "--check");
        for (CliResult r : List.of(jpms, osgi)) {
            assertEquals(2, r.status(), r.err());
            assertTrue(r.out().contains("sigbus p0 A 0\n"), "the access gets SIGBUS: " + r.out());
            assertTrue(r.out().contains("\nmeminfo AnonHugePages=0 "),
                    "the run goes on, invariants checked after every line: " + r.out());
            assertTrue(r.err().startsWith(script + ":4: plugin ") && r.err().contains("(org.example.ramfs.Hostile$File):"
                    + " fault threw java.lang.reflect.InaccessibleObjectException"), r.err());
        }
        assertTrue(jpms.err().contains("plugin org.example.ramfs "), "named by its module: " + jpms.err());
        assertTrue(osgi.err().contains("plugin org.example.ramfs ["), "named by its bundle: " + osgi.err());
    }

    @Test
    void theFrameworkStorageIsRemovedAfterEveryRunFailedOrNot() throws IOException {
        Set<Path> before = osgiStorages();
        Path script = script("storage.wl", "mount R type=ramfs");
        assertEquals(0, runOsgi(script, ramfs).status());
        Manifest plain = new Manifest();
        plain.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        assertEquals(2, runOsgi(script, emptyJar("plain.jar", plain)).status());
        assertEquals(before, osgiStorages(), "no framework storage left behind in " + TMP);
    }

    private static Set<Path> osgiStorages() throws IOException {
        try (Stream<Path> dirs = Files.list(TMP)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("thplab-osgi")).collect(Collectors.toSet());
        }
    }

    @Test
    void aServiceThatFailsToActivateIsNamedWithItsBundle() throws IOException {
        Path jar = pluginJar(work.resolve("classes"), "ramfs-unstartable.jar", API_IMPORTS,
                "org.example.ramfs.Unstartable");
        CliResult r = runOsgi(script("unstartable.wl", "mount R type=tmpfs"), jar);
        assertEquals(2, r.status(), r.err());
        assertEquals("thplab: OSGi: the FilesystemType service of bundle org.example.ramfs is registered but failed"
                + " to activate\n", r.err());
    }

    @Test
    void aBundleThatCannotResolveNamesTheMissingRequirement() throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.broken");
        mf.getMainAttributes().putValue("Import-Package", "org.example.nowhere");
        // Its own script: the outcome must not depend on which test ran first.
        CliResult r = runOsgi(script("unresolved.wl", "mount R type=tmpfs"), emptyJar("broken.jar", mf));
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("thplab: OSGi: ") && r.err().contains("org.example.nowhere"), r.err());
    }
}
