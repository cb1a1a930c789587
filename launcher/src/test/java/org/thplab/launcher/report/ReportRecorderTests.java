package org.thplab.launcher.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thplab.launcher.script.LayoutForm;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.RunOptions;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.mm.PmdExtent.Kind;

/** The model a report embeds, recorded from real runs on x86_64 with anon-thp: strips, states, counters, output. */
class ReportRecorderTests {
    private static Plugins plugins;

    @BeforeAll
    static void plugins() {
        plugins = ReactorPlugins.x86();
    }

    /** Runs {@code script} recording it; the model and what the run printed. */
    private static ReportModel record(String... script) {
        List<String> lines = List.of(script);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ReportRecorder rec = new ReportRecorder(lines, out, err);
        int status = ScriptRunner.run("t.wl", lines, plugins, rec.out(), rec.err(),
                new RunOptions(true, 1, false, LayoutForm.FULL), rec);
        return rec.model("t.wl", status);
    }

    private static String kinds(ReportModel m, int step, int region) {
        ReportModel.RegionAt r = m.steps().get(step).regions().get(region);
        return m.strips().get(r.strip()).runs().stream()
                .map(x -> x.first().kind().layoutChar() + "" + x.count()).collect(Collectors.joining(" "));
    }

    private static final String[] TOUR = {
        "# anonymous THP, the huge zero page and PTEs",
        "thp enabled=madvise",
        "map p0 A anon 3pmd",
        "madvise p0 A 0 2pmd hugepage",
        "write p0 A 0 1pmd 7",
        "read p0 A 1pmd 1pmd",
        "",
        "write p0 A 2pmd 2page 1",
        "layout p0 A",
        "mprotect p0 A 16page 1page r",
        "fork p0 p1",
    };

    @Test
    void oneStepPerCommandWithItsLineTextAndOutput() {
        ReportModel m = record(TOUR);
        assertEquals(ScriptRunner.OK, m.exitStatus());
        assertEquals("x86_64", m.arch());
        assertEquals(2 << 20, m.pmdSize());
        assertEquals(List.of(2, 3, 4, 5, 6, 8, 9, 10, 11), m.steps().stream().map(ReportModel.StepAt::line).toList());
        assertEquals("write p0 A 2pmd 2page 1", m.steps().get(5).text());
        assertEquals(List.of("layout p0 A HZp"), m.steps().get(6).out());
        assertEquals(List.of(), m.steps().get(5).out());
        assertEquals(List.of(), m.steps().get(0).regions(), "nothing is mapped before the machine boots");
    }

    @Test
    void stripsFollowTheExtentStatesStepByStep() {
        ReportModel m = record(TOUR);
        assertEquals(".3", kinds(m, 1, 0), "mapped, nothing faulted: three empty extents drawn as one");
        assertEquals("H1 .1 .1", kinds(m, 3, 0), "madvise split the VMA: the empty extents differ in it");
        assertEquals("H1 Z1 .1", kinds(m, 4, 0));
        assertEquals("H1 Z1 p1", kinds(m, 5, 0));
        ExtentRun ptes = m.strips().get(m.steps().get(5).regions().get(0).strip()).runs().get(2);
        assertEquals(Kind.PTES, ptes.first().kind());
        assertEquals(2, ptes.first().present());
        assertEquals(2 * m.pmdSize(), ptes.offset());
        assertEquals(m.steps().get(5).regions().get(0).strip(), m.steps().get(6).regions().get(0).strip(),
                "layout changes nothing: the step points to the same strip");
        assertEquals("p1 Z1 p1", kinds(m, 7, 0), "mprotect of one page split the THP into PTEs");
        assertEquals(512, m.strips().get(m.steps().get(7).regions().get(0).strip()).runs().get(0).first().present());

        List<ReportModel.RegionAt> afterFork = m.steps().get(8).regions();
        assertEquals(List.of("p0 A", "p1 A"), afterFork.stream().map(r -> r.process() + " " + r.name()).toList());
        ExtentRun shared = m.strips().get(afterFork.get(1).strip()).runs().get(0);
        assertEquals(2, shared.first().minMapcount(), "the child maps the parent's pages too");
        assertEquals(m.steps().get(8).regions().get(0).start(), afterFork.get(1).start());
    }

    @Test
    void identicalNeighboursAreDrawnAsOneRunCoveringTheirPfns() {
        ReportModel m = record("thp enabled=always", "map p0 A anon 8pmd", "write p0 A 0 8pmd 1");
        Strip s = m.strips().get(m.steps().get(2).regions().get(0).strip());
        assertEquals(8, s.extents());
        assertEquals(1, s.runs().size());
        ExtentRun run = s.runs().get(0);
        assertEquals(8, run.count());
        assertEquals(8 * m.pmdSize(), run.length());
        assertTrue(run.lastPfn() > run.first().firstPfn() + 511, "the run spans every THP's frames");
        assertEquals(1, run.first().compoundMapcount());
        assertTrue(run.first().deposited() >= 1, "a huge PMD has its table deposited");
    }

    @Test
    void countersAreSeriesOverTheSteps() {
        ReportModel m = record(TOUR);
        long[] faults = m.vmstat().get("thp_fault_alloc");
        assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 1, 1, 1}, faults);
        long[] splits = m.vmstat().get("thp_split_pmd");
        assertEquals(0, splits[6]);
        assertEquals(1, splits[7], "the mprotect step split the PMD");
        assertEquals(2048, m.meminfo().get("AnonHugePages")[3]);
        assertEquals(0, m.meminfo().get("AnonHugePages")[7]);
        assertEquals(m.steps().size(), m.meminfo().get("MemFree").length);
        assertEquals(2048 + 8, m.steps().get(5).regions().get(0).smaps().rss() >> 10);
    }

    @Test
    void aFailedCommandIsRecordedWithItsErrorAndTheExitStatus() {
        ReportModel m = record("map p0 A anon 1pmd", "munmap p0 A 0 1pmd", "write p0 A 0 1page 1",
                "echo done");
        assertEquals(ScriptRunner.OK, m.exitStatus(), "a write to an unmapped range prints segv, it is no error");
        assertEquals(4, m.steps().size());
        assertTrue(m.steps().get(2).out().get(0).startsWith("segv"), m.steps().get(2).out().toString());
        ReportModel bad = record("memory 64M", "thp enabled=never", "map p0 A anon 128M", "write p0 A 0 128M 1",
                "echo after");
        assertEquals(ScriptRunner.BAD_SCRIPT, bad.exitStatus());
        assertEquals(5, bad.steps().size(), "the run goes on after a failed command");
        assertTrue(bad.steps().get(3).err().get(0).startsWith("t.wl:4: write failed: out of simulated memory"),
                bad.steps().get(3).err().toString());
        assertEquals(List.of("echo after"), bad.steps().get(4).out());
    }

    @Test
    void theJsonCarriesTheModelAndCannotEndItsScriptElement() {
        ReportModel m = record("thp enabled=never", "map p0 A anon 1pmd", "write p0 A 0 1page 1",
                "echo </script><b>\"quoted\"</b>");
        String json = ReportJson.of(m);
        assertTrue(json.startsWith("{\"script\":\"t.wl\",\"arch\":\"x86_64\""), json);
        assertFalse(json.contains("</script"), "'<' is escaped in every string");
        assertTrue(json.contains("\\u003c/script\\u003e\\u003cb\\u003e\\\"quoted\\\""), json);
        assertTrue(json.contains("\"k\":\"PTES\",\"c\":\"p\",\"present\":1,"), json);
        assertTrue(json.matches(".*\"pmdTable\":\"0x[0-9a-f]+\".*"), "a table's address is hex text: " + json);
        assertTrue(json.contains("\"thp_fault_alloc\":[0,0,0,0]"), json);
        String html = ReportPage.html(m);
        assertEquals(1, html.split("<script id=\"model\"", -1).length - 1);
        assertFalse(html.contains("@MODEL@") || html.contains("@REPORT_JS@") || html.contains("@ECHARTS@"));
        assertTrue(html.contains("echarts"), "the chart library is inlined");
        assertFalse(html.contains("src=\"http"), "nothing is loaded from a network");
    }
}
