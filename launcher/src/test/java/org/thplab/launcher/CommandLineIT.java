package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's own bad inputs: each one line (or a usage) on standard error, exit 2, nothing left behind. */
class CommandLineIT {
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));

    @TempDir
    Path work;

    private Path script(String text) throws IOException {
        return Files.writeString(work.resolve("s.wl"), text + "\n");
    }

    @Test
    void noCommandPrintsTheUsageOnStandardErrorAndExits2() {
        CliResult r = run();
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: thplab"), r.err());
    }

    @Test
    void anUnknownOptionIsOneLineAndAHintNotTheWholeUsage() throws IOException {
        CliResult r = run("run", script("echo hi").toString(), "--bogus");
        assertEquals(2, r.status());
        assertEquals(List.of("thplab: Unknown option: '--bogus'", "Try 'thplab run --help' for more information."),
                r.err().lines().toList());
        assertEquals("", r.out());
    }

    @Test
    void checkOffersOnlyWhatAppliesToChecking() {
        CliResult r = run("check", "--help");
        assertEquals(0, r.status());
        for (String runOnly : List.of("--check", "--trace", "--color", "--layout", "--check-every", "--runtime",
                "--osgi-dir", "expect failed", "invariants broken")) {
            assertFalse(r.out().contains(runOnly), () -> runOnly + " in: " + r.out());
        }
        assertTrue(r.out().contains("Exit status: 0 the script is good; 2 it is not"), r.out());
    }

    @Test
    void aScriptOnStandardInputIsNamedDash() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("echo from stdin\nbogus\n".getBytes()));
            CliResult bad = run("check", "-", "--plugins-dir", DIST.resolve("plugins").toString());
            assertEquals(2, bad.status());
            assertTrue(bad.err().startsWith("-:2: "), bad.err());
            System.setIn(new java.io.ByteArrayInputStream("echo from stdin\n".getBytes()));
            CliResult good = run("run", "-", "--plugins-dir", DIST.resolve("plugins").toString());
            assertEquals(0, good.status(), good.err());
            assertEquals("echo from stdin\n", good.out());
        } finally {
            System.setIn(stdin);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void aPluginPathThatIsNeitherAJarNorAFolderIsRefusedBeforeItIsOpened(String runtime) throws Exception {
        Path fifo = work.resolve("plugin.jar");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CliResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("run", script("echo hi").toString(),
                "--runtime", runtime, "--plugins-dir", DIST.resolve("plugins").toString(),
                "--osgi-dir", DIST.resolve("osgi").toString(), "--plugin", fifo.toString()));
        assertEquals(2, r.status());
        assertEquals("thplab: plugin path " + fifo + " is neither a .jar file nor a folder of jars\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void aFakeJarSaysWhyItCannotBeRead(String runtime) throws IOException {
        Path fake = Files.writeString(work.resolve("fake.jar"), "not a zip");
        CliResult r = run("run", script("echo hi").toString(), "--runtime", runtime,
                "--plugins-dir", DIST.resolve("plugins").toString(), "--osgi-dir", DIST.resolve("osgi").toString(),
                "--plugin", fake.toString());
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(fake.toString()) && r.err().contains("zip END header not found"), r.err());
    }

    @Test
    void mapsThatFillTheAddressSpaceAreRefusedPlainlyAndFreedRangesAreReused() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            text.append("map p0 R").append(i).append(" anon 16384G\n");
        }
        CliResult full = run("run", script(text.toString()).toString(), "--plugins-dir", DIST.resolve("plugins").toString());
        assertEquals(2, full.status());
        assertEquals("s.wl:8: map failed: the address space is full: no hole for 16 TiB among the 7 live regions of"
                + " the 47-bit user space\n", full.err().replace(work.resolve("s.wl").toString(), "s.wl"));
        StringBuilder cycles = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            cycles.append("map p0 A").append(i).append(" anon 16G\nwrite p0 A").append(i)
                    .append(" 0 4K 1\nmunmap p0 A").append(i).append(" 0 16G\n");
        }
        CliResult reused = run("run", script(cycles.toString()).toString(), "--plugins-dir",
                DIST.resolve("plugins").toString());
        assertEquals(0, reused.status(), reused.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void aFifoNamedLikeAJarInsideAPluginFolderIsPassedOver(String runtime) throws Exception {
        Path folder = Files.createDirectory(work.resolve("plugins-with-fifo"));
        assertEquals(0, new ProcessBuilder("mkfifo", folder.resolve("trap.jar").toString()).start().waitFor());
        CliResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run("run", script("echo hi").toString(),
                "--runtime", runtime, "--plugins-dir", DIST.resolve("plugins").toString(),
                "--osgi-dir", DIST.resolve("osgi").toString(), "--plugin", folder.toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals("echo hi\n", r.out());
    }

    @Test
    void theBundledFolderGivenAgainIsNamedOnce() throws IOException {
        String plugins = DIST.resolve("plugins").toString();
        CliResult r = run("run", script("echo hi").toString(), "--plugins-dir", plugins, "--plugin", plugins);
        assertEquals(2, r.status());
        assertEquals("thplab: plugin path " + plugins + " is given twice: it holds the bundled plugins\n", r.err());
    }

    /** SIGTERM never reaches OsgiRuntime.close(); the shutdown hook removes the storage all the same. */
    @Test
    void aRunEndedBySigtermLeavesNoFrameworkStorage() throws Exception {
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Path slow = script("memory 64G\nmap p0 A anon 48G\nwrite p0 A 0 48G 7\nwrite p0 A 0 48G 8\nwrite p0 A 0 48G 9");
        String java = ProcessHandle.current().info().command().orElse("java");
        String modulePath = launcherJar() + File.pathSeparator + DIST.resolve("lib");
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-p", modulePath,
                "-m", "org.thplab.launcher/org.thplab.launcher.Main", "run", slow.toString(), "--runtime", "osgi",
                "--plugins-dir", DIST.resolve("plugins").toString(), "--osgi-dir", DIST.resolve("osgi").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (storages(tmp).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), () -> "the run ended before it could be stopped: " + read(work.resolve("out.txt")));
            assertFalse(storages(tmp).isEmpty(), "the framework storage was made");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(Set.of(), storages(tmp), "no framework storage left behind");
    }

    private static Path launcherJar() throws IOException {
        try (Stream<Path> jars = Files.list(DIST)) {
            return jars.filter(j -> j.getFileName().toString().matches("launcher-.*\\.jar")).findFirst().orElseThrow();
        }
    }

    private static Set<Path> storages(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("thplab-osgi")).collect(Collectors.toSet());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
