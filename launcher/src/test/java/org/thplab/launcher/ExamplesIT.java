package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example runs: the real-kernel scenarios print exactly what Linux printed, with its
 * exit status and FILE:LINE: errors; the tour runs clean under the invariant checker on every
 * architecture.
 */
class ExamplesIT {
    private static final Path ROOT = Path.of(System.getProperty("thplab.root", ".."));
    private static final Path ORACLE = ROOT.resolve("examples/oracle-public");
    private static final Path PLUGINS = Path.of(System.getProperty("thplab.dist", "target")).resolve("plugins");
    private static final Path OSGI = Path.of(System.getProperty("thplab.dist", "target")).resolve("osgi");

    static Stream<String> scenarios() throws IOException {
        try (var files = Files.list(ORACLE)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wl"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void printsWhatTheRealKernelPrinted(String name) throws IOException {
        Path script = ORACLE.resolve(name + ".wl");
        CliResult r = run("run", script.toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(Files.readString(ORACLE.resolve(name + ".expected")), r.out(), () -> "stdout of " + name
                + "; stderr: " + r.err());
        Path rc = ORACLE.resolve(name + ".expected.rc");
        int wanted = Files.exists(rc) ? Integer.parseInt(Files.readString(rc).trim()) : 0;
        assertEquals(wanted, r.status(), () -> "exit status of " + name + "; stderr: " + r.err());
        Path stderr = ORACLE.resolve(name + ".expected.stderr");
        if (Files.exists(stderr) && wanted == 2) {
            List<String> want = Files.readAllLines(stderr);
            List<String> got = r.err().replace(script.toString(), name + ".wl").lines().toList();
            assertEquals(want.size(), got.size(), () -> "stderr lines of " + name + ": " + got);
            for (int i = 0; i < want.size(); i++) {
                String prefix = want.get(i).substring(0, want.get(i).indexOf(':', name.length() + 4) + 1);
                assertTrue(got.get(i).startsWith(prefix), "stderr line " + i + " of " + name + ": " + got.get(i));
            }
        } else if (Files.exists(stderr)) {
            assertEquals(Files.readString(stderr), r.err(), "stderr of " + name);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thplab.launcher.ExamplesIT#archs")
    void theTourRunsCleanOnEveryArchitecture(String arch) {
        CliResult r = run("run", ROOT.resolve("examples/tour.wl").toString(), "--arch", arch, "--check",
                "--plugins-dir", PLUGINS.toString());
        assertEquals(0, r.status(), r::err);
        assertTrue(r.out().contains("layout p0 T HH"), r.out());
        assertTrue(r.out().contains("written to, khugepaged collapses the extent into a THP again\nlayout p0 A HZ"),
                "fs-anon's khugepaged limits let the split extent collapse: " + r.out());
        assertTrue(r.err().matches("check: (\\d+) invariant checks passed after \\1 commands\n"), r.err());
    }

    static Stream<String> archs() {
        return Stream.of("x86_64", "ppc64", "ppc64-radix");
    }

    @ParameterizedTest
    @MethodSource("org.thplab.launcher.ExamplesIT#archs")
    void badInputIsReportedWithExitStatusTwo(String arch) throws IOException {
        Path bad = Files.createTempFile("bad", ".wl");
        Files.writeString(bad, "map p0 A anon 2pmd\nwrite p9 A 0 1page\nfrobnicate\nmap p0 A anon 1pmd\n");
        CliResult r = run("check", bad.toString(), "--arch", arch, "--plugins-dir", PLUGINS.toString());
        assertEquals(2, r.status());
        assertEquals(List.of(bad + ":2: no live process named p9",
                bad + ":3: unknown command 'frobnicate': expected thp, memory, mount, file, truncate, punch, map,"
                        + " madvise, mprotect, mremap, munmap, read, write, verify, fork, exit, smaps, meminfo, expect,"
                        + " echo, layout, khugepaged, settle or reclaim",
                bad + ":4: region A of p0 exists already"), r.err().lines().toList());
        Files.delete(bad);
        CliResult unknown = run("run", "no-such.wl", "--plugins-dir", PLUGINS.toString());
        assertEquals(2, unknown.status());
        assertEquals("thplab: no script at no-such.wl", unknown.err().strip());
        CliResult arches = run("run", ROOT.resolve("examples/tour.wl").toString(), "--arch", "sparc",
                "--plugins-dir", PLUGINS.toString());
        assertEquals(2, arches.status());
        assertTrue(arches.err().startsWith("thplab: unknown architecture 'sparc': expected one of ["), arches.err());
    }

    @ParameterizedTest
    @MethodSource("org.thplab.launcher.ExamplesIT#archs")
    void theValidityRulesOfTheSpecHold(String arch) throws IOException {
        Path script = Files.createTempFile("rules", ".wl");
        Files.writeString(script, String.join("\n",
                "map p0 A anon 2pmd",
                "munmap p0 A 0 2pmd",
                "smaps p0 A",                 // a region keeps its name after munmap of all of it
                "mremap p0 A A len=1pmd",     // to its own name: allowed
                "verify p0 A 0 0 0",          // an empty verify: allowed
                "write p0 A 1pmd 1page",      // past the region's new length
                "exit p0",
                "fork p1 p2",                 // no such process
                "map p0 B anon 0",            // p0 exited; and a zero length
                "memory 1G",                  // after map
                "write p0 A 0 1page 256",
                ""));
        CliResult r = run("check", script.toString(), "--arch", arch, "--plugins-dir", PLUGINS.toString());
        List<String> lines = r.err().replace(script.toString(), "S").lines().toList();
        assertEquals(2, r.status());
        assertEquals(List.of(6, 8, 9, 10, 11), lines.stream().map(l -> Integer.parseInt(l.split(":")[1])).toList(),
                r.err());
        assertTrue(lines.get(0).contains("reaches past the end of region A"), lines.get(0));
        Files.delete(script);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theOsgiRuntimePrintsExactlyWhatJpmsPrints(String name) {
        String script = ORACLE.resolve(name + ".wl").toString();
        CliResult jpms = run("run", script, "--plugins-dir", PLUGINS.toString());
        CliResult osgi = run("run", script, "--runtime", "osgi", "--osgi-dir", OSGI.toString(),
                "--plugins-dir", PLUGINS.toString());
        assertEquals(jpms, osgi, "the same output, errors and exit status under both runtimes");
    }

    @ParameterizedTest
    @MethodSource("org.thplab.launcher.ExamplesIT#archs")
    void theTourRunsUnderOsgiOnEveryArchitecture(String arch) {
        CliResult r = run("run", ROOT.resolve("examples/tour.wl").toString(), "--arch", arch, "--runtime", "osgi",
                "--check", "--osgi-dir", OSGI.toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(0, r.status(), r::err);
        assertTrue(r.err().matches("check: (\\d+) invariant checks passed after \\1 commands\n"), r.err());
    }

    @org.junit.jupiter.api.Test
    void osgiRefusesJarsThatAreNotPluginBundles() throws IOException {
        Path plain = Files.createTempFile("plain", ".jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new java.util.jar.JarEntry("hello.txt"));
        }
        String tour = ROOT.resolve("examples/tour.wl").toString();
        CliResult notBundle = run("run", tour, "--runtime", "osgi", "--osgi-dir", OSGI.toString(),
                "--plugins-dir", PLUGINS.toString(), "--plugin", plain.toString());
        assertEquals(2, notBundle.status());
        assertEquals("thplab: OSGi: " + plain + " is not a bundle (no Bundle-SymbolicName)", notBundle.err().strip());
        Path api;
        try (var libs = Files.list(Path.of(System.getProperty("thplab.dist", "target")).resolve("lib"))) {
            api = libs.filter(p -> p.getFileName().toString().startsWith("api-")).findFirst().orElseThrow();
        }
        CliResult apiCopy = run("run", tour, "--runtime", "osgi", "--osgi-dir", OSGI.toString(),
                "--plugins-dir", PLUGINS.toString(), "--plugin", api.toString());
        assertEquals(2, apiCopy.status());
        assertTrue(apiCopy.err().contains("carries the api"), apiCopy.err());
        CliResult noMediator = run("run", tour, "--runtime", "osgi", "--osgi-dir", "no/such/dir",
                "--plugins-dir", PLUGINS.toString());
        assertEquals(2, noMediator.status());
        assertEquals("thplab: OSGi: the mediator bundles folder no/such/dir is missing", noMediator.err().strip());
        Files.delete(plain);
    }
}
