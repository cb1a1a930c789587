package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad scripts through the whole command, under both runtimes and {@code check}: one
 * {@code FILE:LINE: message} per root cause on standard error, nothing on standard output,
 * exit status 2, and no stack trace.
 */
class BadScriptsIT {
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));

    @TempDir
    static Path work;

    static Stream<Arguments> corpus() {
        return Stream.of(
                Arguments.of("latin1", "map p0 A anon 4K\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1),
                        List.of(":2: byte 6 of the line (0xE9) is not UTF-8: expected a UTF-8 text file")),
                Arguments.of("nul", new byte[] {0, 0, 0, '\n'},
                        List.of(":1: control character U+0000 at character 1: expected words separated by spaces"
                                + " or tabs")),
                Arguments.of("contradiction", utf8("map p0 A anon 4K private shared\nmount M huge=always huge=never\n"),
                        List.of(":1: 'shared' repeats or contradicts 'private': expected each option once",
                                ":2: 'huge=never' repeats or contradicts 'huge=always': expected each option once")),
                Arguments.of("bom-then-bad", utf8("\uFEFFthp enabled=sometimes\n"),
                        List.of(":1: bad enabled=sometimes: expected always, madvise or never")),
                Arguments.of("long-token", utf8("frob" + "x".repeat(100_000) + "\n"),
                        List.of(":1: unknown command 'frob" + "x".repeat(28) + "...(100004 characters)': expected"
                                + " thp, memory, mount, file, truncate, punch, map, madvise, mprotect, mremap, munmap,"
                                + " read, write, verify, fork, exit, smaps, meminfo, expect, echo, layout, khugepaged,"
                                + " settle or reclaim")),
                Arguments.of("cascade", utf8("mount R type=ramfs\nfile F R 4page\nmap p0 A file F 4page\n"
                                + "write p0 A 0 4page\nsmaps p0 A\n"),
                        List.of(":1: unknown filesystem type 'ramfs': expected one of [tmpfs] (a plugin may provide"
                                + " it: add it with --plugin PATH; 'thplab modules' lists the loaded ones)")));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void refusedInOneLinePerCauseUnderBothRuntimesAndCheck(String name, byte[] bytes, List<String> errors)
            throws IOException {
        Path script = Files.write(work.resolve(name + ".wl"), bytes);
        List<String> want = errors.stream().map(e -> script + e).toList();
        String plugins = DIST.resolve("plugins").toString();
        for (CliResult r : List.of(CliResult.run("run", script.toString(), "--plugins-dir", plugins),
                CliResult.run("check", script.toString(), "--plugins-dir", plugins),
                CliResult.run("run", script.toString(), "--plugins-dir", plugins, "--runtime", "osgi", "--osgi-dir",
                        DIST.resolve("osgi").toString()))) {
            assertEquals(2, r.status(), r.err());
            assertEquals("", r.out());
            assertEquals(want, r.err().lines().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thplab.launcher.ExamplesIT#archs")
    void anMmapLengthIsRoundedUpAsCheckAcceptedIt(String arch) throws IOException {
        Path script = Files.writeString(work.resolve("round-" + arch + ".wl"),
                "map p0 A anon 4097\nwrite p0 A 0 1page\nsmaps p0 A\n");
        CliResult check = CliResult.run("check", script.toString(), "--arch", arch, "--plugins-dir",
                DIST.resolve("plugins").toString());
        CliResult run = CliResult.run("run", script.toString(), "--arch", arch, "--plugins-dir",
                DIST.resolve("plugins").toString());
        assertEquals(0, check.status(), check.err());
        assertEquals(0, run.status(), run.err());
        long pageKb = arch.equals("x86_64") ? 8 : 64;
        long rssKb = arch.equals("x86_64") ? 4 : 64;
        assertEquals("smaps p0 A Size=" + pageKb + " Rss=" + rssKb + " Anonymous=" + rssKb
                + " AnonHugePages=0 ShmemPmdMapped=0\n", run.out());
    }
}
