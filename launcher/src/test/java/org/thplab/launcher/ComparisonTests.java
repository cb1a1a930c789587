package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.launcher.script.TaggedRun;

/** Matching output lines by script line and place, and showing only the words that differ. */
class ComparisonTests {

    @Test
    void onlyTheWordsThatDifferAreShownWhenTheVersionsShareTheRest() {
        assertEquals(List.of("AnonHugePages=8192", "AnonHugePages=6144"), Comparison.shown(new String[] {
            "meminfo AnonHugePages=8192 Shmem=0", "meminfo AnonHugePages=6144 Shmem=0"}));
        assertEquals(List.of("Rss=8 AnonHugePages=8", "Rss=4 AnonHugePages=4"), Comparison.shown(new String[] {
            "smaps p0 A Rss=8 AnonHugePages=8", "smaps p0 A Rss=4 AnonHugePages=4"}));
        assertEquals(List.of("read p0 A 2pmd 1pmd", "sigbus p0 A 4603904"), Comparison.shown(new String[] {
            "read p0 A 2pmd 1pmd", "sigbus p0 A 4603904"}), "other words: whole lines");
        assertEquals(List.of("echo a=1", "echo b=1"), Comparison.shown(new String[] {"echo a=1", "echo b=1"}),
                "other keys: whole lines");
        assertEquals(List.of("layout p0 A H", "-"), Comparison.shown(new String[] {"layout p0 A H", null}));
    }

    @Test
    void linesAreMatchedByScriptLineAndPlaceAndColumnsAligned() {
        TaggedRun a = new TaggedRun(List.of(new TaggedRun.Line(2, 0, "echo x"), new TaggedRun.Line(3, 0, "segv p0 A 0"),
                new TaggedRun.Line(3, 1, "layout p0 A pp")), "", 0);
        TaggedRun b = new TaggedRun(List.of(new TaggedRun.Line(2, 0, "echo x"), new TaggedRun.Line(3, 0, "segv p0 A 0"),
                new TaggedRun.Line(10, 0, "layout p0 A HH")), "", 2);
        Comparison c = new Comparison(List.of("one", "another"), List.of(a, b));
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        List<String> script = List.of("# s", "echo x", "read p0 A 0 1", "", "", "", "", "", "", "layout p0 A");
        c.print(w, script);
        w.flush();
        assertEquals(String.join("\n",
                "LINE  SCRIPT         one             another",
                "   3  read p0 A 0 1  layout p0 A pp  -",
                "  10  layout p0 A    -               layout p0 A HH",
                "2 of 4 output lines differ (exit status 0 and 2)", ""), out.toString());
        assertEquals(false, c.same());
    }
}
