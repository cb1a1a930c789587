package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code thplab modules} over the plugin jars the build bundles (target/plugins). */
class ModulesCommandIT {
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));
    private static final Path PLUGINS = DIST.resolve("plugins");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void listsEveryArchitectureWithItsModule() {
        assertEquals(0, run("modules", "--plugins-dir", PLUGINS.toString()), err::toString);
        String text = out.toString();
        assertTrue(text.contains("ppc64        page 64K  pmd 16M   module org.thplab.arch.ppc64"), text);
        assertTrue(text.contains("ppc64-radix  page 64K  pmd 2M    module org.thplab.arch.ppc64"), text);
        assertTrue(text.contains("x86_64       page 4K   pmd 2M    module org.thplab.arch.x86_64"), text);
        assertTrue(text.contains("filesystems:\n  tmpfs        module org.thplab.fs.shmem"), text);
        assertTrue(text.contains("anonymous memory:\n  anon-thp     module org.thplab.fs.anon"), text);
    }

    @Test
    void onlyTheJarsPassedAreLoaded() {
        assertEquals(0, run("modules", "--plugin", jar("arch-x86_64").toString()), err::toString);
        assertTrue(out.toString().contains("x86_64"));
        assertFalse(out.toString().contains("ppc64"), out::toString);
    }

    @Test
    void aMissingPathIsABadInput() {
        assertEquals(2, run("modules", "--plugin", "no/such/plugin.jar"));
        assertEquals("thplab: plugin path no/such/plugin.jar does not exist", err.toString().strip());
    }

    @Test
    void theSameModuleTwiceIsNamed(@TempDir Path dir) throws IOException {
        Path copy = Files.copy(jar("arch-x86_64"), dir.resolve("x86-copy.jar"));
        assertEquals(2, run("modules", "--plugins-dir", PLUGINS.toString(), "--plugin", copy.toString()));
        assertTrue(err.toString().startsWith("thplab: module org.thplab.arch.x86_64 found twice: "), err::toString);
    }

    @Test
    void anApiCopyIsRefused() {
        assertEquals(2, run("modules", "--plugin", DIST.resolve("lib").toString()));
        assertTrue(err.toString().contains("is part of thplab itself"), err::toString);
    }

    @Test
    void noPluginsAtAllIsExplained() {
        System.clearProperty("thplab.plugins");
        assertEquals(2, run("modules"));
        assertEquals("thplab: no plugins: pass --plugin PATH or --plugins-dir DIR", err.toString().strip());
    }

    private static Path jar(String artifact) {
        try (var files = Files.list(PLUGINS)) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onlyTheChosenArchitecturesJarIsLoaded() {
        List<String> x86 = names(ArchitectureJars.select(List.of(PLUGINS), "x86_64"));
        assertTrue(x86.stream().anyMatch(n -> n.startsWith("arch-x86_64-")), x86::toString);
        assertTrue(x86.stream().noneMatch(n -> n.startsWith("arch-ppc64-")), x86::toString);
        assertTrue(x86.stream().anyMatch(n -> n.startsWith("fs-shmem-")), "filesystems stay");
        List<String> radix = names(ArchitectureJars.select(List.of(PLUGINS), "ppc64-radix"));
        assertTrue(radix.stream().anyMatch(n -> n.startsWith("arch-ppc64-")), radix::toString);
        assertTrue(radix.stream().noneMatch(n -> n.startsWith("arch-x86_64-")), radix::toString);
        assertEquals(java.util.Set.of("ppc64", "ppc64-radix"), java.util.Set.copyOf(ArchitectureJars.provides(jar("arch-ppc64"))));
        assertTrue(names(ArchitectureJars.select(List.of(PLUGINS), "sparc")).stream()
                .anyMatch(n -> n.startsWith("arch-ppc64-")), "an unknown name keeps all, to be reported after loading");
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }
}
