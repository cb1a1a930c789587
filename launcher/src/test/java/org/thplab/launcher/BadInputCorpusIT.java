package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad inputs a new user can give: scripts (src/test/resources/bad-inputs, each
 * with the first error it must get in expected.tsv) and command lines. Each is refused the
 * contract's way under check and under both runtimes: exit status 2, nothing on standard
 * output, the expected first line on standard error, and no stack trace.
 */
class BadInputCorpusIT {
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));

    static Stream<Arguments> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(BadInputCorpusIT.class.getResource("/bad-inputs/expected.tsv").toURI()).getParent();
        return Files.readAllLines(dir.resolve("expected.tsv")).stream().map(line -> line.split("\t", 3))
                .map(f -> Arguments.of(f[0], dir.resolve(f[0] + ".wl"), Integer.parseInt(f[1]), f[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void aBadScriptIsRefusedAtItsLineUnderCheckAndBothRuntimes(String name, Path script, int line, String message) {
        String want = script + ":" + line + ": " + message;
        for (List<String> how : List.of(List.of("check"), List.of("run"), List.of("run", "--runtime", "osgi"))) {
            Stream<String> osgi = how.contains("osgi") ? Stream.of("--osgi-dir", DIST.resolve("osgi").toString())
                    : Stream.of();
            String[] args = Stream.of(how.stream(), Stream.of(script.toString(), "--plugins-dir",
                    DIST.resolve("plugins").toString()), osgi).flatMap(a -> a).toArray(String[]::new);
            CliResult r = CliResult.run(args);
            assertEquals(2, r.status(), () -> how + ": " + r.err());
            assertEquals("", r.out(), () -> how + " printed on standard output");
            assertEquals(want, r.err().lines().findFirst().orElse(""), () -> how.toString());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), () -> how + ": " + r.err());
        }
    }

    static Stream<Arguments> commandLines() {
        return Stream.of(
                Arguments.of(List.of("run"), "thplab: Missing required parameter: 'SCRIPT'"),
                Arguments.of(List.of("check"), "thplab: Missing required parameter: 'SCRIPT'"),
                Arguments.of(List.of("report"), "thplab: Missing required parameter: 'SCRIPT'"),
                Arguments.of(List.of("frob"), "thplab: Unmatched argument at index 0: 'frob'"),
                Arguments.of(List.of("modules", "--bogus"), "thplab: Unknown option: '--bogus'"),
                Arguments.of(List.of("run", "examples/tour.wl", "--arch", "sparc"),
                        "thplab: unknown architecture 'sparc': expected one of [ppc64, ppc64-radix, x86_64]"),
                Arguments.of(List.of("run", "examples/tour.wl", "--runtime", "fancy"),
                        "thplab: --runtime fancy: expected jpms or osgi"),
                Arguments.of(List.of("run", "no/such.wl"), "thplab: no script at no/such.wl"),
                Arguments.of(List.of("run", "examples/tour.wl", "--check-every", "0"),
                        "thplab: --check-every 0: expected a whole number of at least 1"),
                Arguments.of(List.of("run", "examples/tour.wl", "--layout", "wide"),
                        "thplab: Invalid value for option '--layout': expected full or runs, not 'wide'"),
                Arguments.of(List.of("run", "examples/tour.wl", "--plugin", "no/such.jar"),
                        "thplab: plugin path no/such.jar does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void aBadCommandLineIsOneLineAndExit2(List<String> args, String first) {
        String tour = Path.of("..", "examples", "tour.wl").toString();
        String[] argv = Stream.concat(args.stream().map(a -> a.equals("examples/tour.wl") ? tour : a),
                Stream.of("--plugins-dir", DIST.resolve("plugins").toString()))
                .toArray(String[]::new);
        if (args.equals(List.of("frob"))) {
            argv = new String[] {"frob"};
        }
        String[] line = argv;
        CliResult r = CliResult.run(line);
        assertEquals(2, r.status(), r::err);
        assertEquals("", r.out());
        assertEquals(first, r.err().lines().findFirst().orElse(""));
        assertFalse(r.err().contains("Exception"), r::err);
    }
}
