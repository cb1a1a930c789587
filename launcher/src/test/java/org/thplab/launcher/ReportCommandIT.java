package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code thplab report} and {@code run --color} from the command line, no browser needed: the
 * same output and exit status as {@code run}, a small self-contained file, colours only on
 * layout lines. ReportIT looks at the page itself.
 */
class ReportCommandIT {
    private static final Path ROOT = Path.of(System.getProperty("thplab.root", ".."));
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));
    private static final Path PLUGINS = DIST.resolve("plugins");
    private static final Path OUT = DIST.resolve("report-it");

    private static Path report;
    private static CliResult reported;

    @BeforeAll
    static void reportTheTour() throws IOException {
        Files.createDirectories(OUT);
        report = OUT.resolve("tour-cli.html");
        reported = run("report", ROOT.resolve("examples/tour.wl").toString(), "-o", report.toString(),
                "--plugins-dir", PLUGINS.toString());
    }

    @Test
    void reportRunsAsRunDoesAndStaysSmall() throws IOException {
        CliResult ran = run("run", ROOT.resolve("examples/tour.wl").toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(ran.status(), reported.status());
        assertEquals(ran.out(), reported.out(), "report prints what run prints");
        assertEquals("thplab: report written to " + report + "\n", reported.err().replace("\r\n", "\n"));
        assertTrue(Files.size(report) < 2 << 20, "under 2 MB: " + Files.size(report));
        String html = Files.readString(report);
        assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "nothing is fetched from a network");
    }

    @Test
    void aScriptThatFailsItsCheckWritesNoReportAndExitsTwo() throws IOException {
        Path bad = Files.createTempFile("bad", ".wl");
        bad.toFile().deleteOnExit();
        Files.writeString(bad, "map p0 A anon 2pmd\nfrobnicate\n");
        Path html = OUT.resolve("bad.html");
        CliResult r = run("report", bad.toString(), "-o", html.toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith(bad + ":2: unknown command 'frobnicate'"), r.err());
        assertFalse(Files.exists(html));
    }

    @Test
    void runColorAlwaysColoursLayoutLinesOnly() {
        CliResult plain = run("run", "--color=never", ROOT.resolve("examples/tour.wl").toString(),
                "--plugins-dir", PLUGINS.toString());
        CliResult coloured = run("run", "--color", ROOT.resolve("examples/tour.wl").toString(),
                "--plugins-dir", PLUGINS.toString());
        assertFalse(plain.out().contains("\033["));
        assertTrue(coloured.out().contains("layout p0 A \033[32mH\033[0m\033[35mZ\033[0m\n"), coloured.out());
        assertEquals(plain.out(), coloured.out().replaceAll("\033\\[[0-9;]*m", ""));
        String help = run("run", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains(LayoutColors.LEGEND), help);
    }

    @Test
    void anExpectThatFailsExitsOneAndIsStillReported() throws IOException {
        Path script = Files.createTempFile("expect", ".wl");
        script.toFile().deleteOnExit();
        Files.writeString(script, "map p0 A anon 1pmd\nwrite p0 A 0 1pmd 1\nexpect smaps p0 A Rss=4\n");
        Path html = OUT.resolve("expect.html");
        CliResult ran = run("run", script.toString(), "--plugins-dir", PLUGINS.toString());
        CliResult r = run("report", script.toString(), "-o", html.toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(1, ran.status(), ran::err);
        assertEquals(1, r.status(), r::err);
        assertTrue(r.err().startsWith(ran.err()), r.err());
        assertTrue(Files.readString(html).contains("\"exitStatus\":1"));
    }
}
