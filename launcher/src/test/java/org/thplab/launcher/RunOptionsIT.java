package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s options that change what is shown, not what runs: standard output stays the script's. */
class RunOptionsIT {
    private static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));

    @TempDir
    static Path work;

    private static CliResult run(Path script, String... options) {
        List<String> args = new ArrayList<>(List.of("run", script.toString(), "--plugins-dir",
                DIST.resolve("plugins").toString()));
        args.addAll(List.of(options));
        return CliResult.run(args.toArray(String[]::new));
    }

    @Test
    void traceEchoesEachCommandWithTheCountersItMoved() throws IOException {
        Path script = Files.writeString(work.resolve("trace.wl"), """
                thp enabled=always
                map p0 A anon 4M
                write p0 A 0 2M   # one huge page
                echo hi
                madvise p0 A 0 4K nohugepage
                fork p0 c1
                write c1 A 0 1page 7
                exit c1
                """);
        CliResult plain = run(script);
        CliResult traced = run(script, "--trace");
        assertEquals(0, traced.status(), traced.err());
        assertEquals(plain.out(), traced.out());
        assertEquals(List.of(
                "trace 1: thp enabled=always -> no change",
                "trace 2: map p0 A anon 4M -> no change",
                "trace 3: write p0 A 0 2M -> nr_anon_mapped+512 nr_anon_thps+1 pgfault+1 thp_fault_alloc+1"
                        + " MemFree-2052kB AnonPages+2048kB PageTables+4kB AnonHugePages+2048kB update_mmu_cache_pmd+1",
                "trace 4: echo hi -> no change",
                "trace 5: madvise p0 A 0 4K nohugepage -> nr_anon_thps-1 thp_split_pmd+1 AnonHugePages-2048kB"
                        + " flush_pmd_tlb_range+1 mmu_notifier_invalidate_range+1 pmdp_huge_split_prepare+1",
                "trace 6: fork p0 c1 -> MemFree-4kB PageTables+4kB flush_tlb_range+2",
                "trace 7: write c1 A 0 1page 7 -> cow_copy+1 nr_anon_mapped+1 pgfault+1 thp_deferred_split_page+1"
                        + " MemFree-4kB AnonPages+4kB flush_tlb_range+1 update_mmu_cache+1",
                "trace 8: exit c1 -> nr_anon_mapped-1 MemFree+8kB AnonPages-4kB PageTables-4kB"),
                traced.err().lines().toList());
        assertEquals(traced, run(script, "--trace", "--runtime", "osgi", "--osgi-dir", DIST.resolve("osgi").toString()),
                "the same trace under osgi");
        assertTrue(CliResult.run("run", "--help").out().contains("trace LINE: COMMAND -> NAME+N"),
                "run --help documents the format");
    }

    @Test
    void layoutKeepsTheContractsFormUnlessRunsAreAskedFor() throws IOException {
        Path script = Files.writeString(work.resolve("layout.wl"), """
                thp enabled=always
                map p0 A anon 1G
                write p0 A 0 1020M 7
                write p0 A 1022M 4K 7
                layout p0 A
                """);
        Path verify = Files.writeString(work.resolve("verify.wl"), Files.readString(script) + "verify p0 A 0 1G 7\n");
        assertTrue(run(verify).out().endsWith("verify p0 A 0 1073741824 7 bad=1023\n"),
                "accesses done in chunks count every page once: the 512 never written, the 511 faulted in with the"
                        + " last write's huge page");
        String full = "layout p0 A " + "H".repeat(510) + ".H\n"; // a 4K write under enabled=always faults a huge page
        assertEquals(full, run(script).out().replace("\r\n", "\n"));
        assertEquals(full, run(script, "--layout=full").out().replace("\r\n", "\n"));
        CliResult runs = run(script, "--layout", "runs");
        assertEquals(0, runs.status(), runs.err());
        String times = java.nio.charset.Charset.defaultCharset().newEncoder().canEncode('\u00D7') ? "\u00D7" : "x";
        assertEquals("layout p0 A H" + times + "510 . H\n", runs.out().replace("\r\n", "\n"));
        CliResult bad = run(script, "--layout", "short");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("expected full or runs, not 'short'"), bad.err());
    }

    @Test
    void checkSaysWhatPassedAndCanBeSampled() throws IOException {
        Path script = Files.writeString(work.resolve("check.wl"), """
                thp enabled=always
                map p0 A anon 4M
                write p0 A 0 4M
                fork p0 c1
                write c1 A 0 1page 7
                """);
        CliResult plain = run(script);
        CliResult every = run(script, "--check");
        assertEquals(0, every.status(), every.err());
        assertEquals(plain.out(), every.out());
        assertEquals("check: 5 invariant checks passed after 5 commands\n", every.err());
        CliResult sampled = run(script, "--check-every", "2");
        assertEquals(plain.out(), sampled.out());
        assertEquals("check: 3 invariant checks passed after 5 commands (after every 2 commands and the last)\n",
                sampled.err(), "after the 2nd, the 4th and the last");
        assertEquals("check: 1 invariant check passed after 5 commands (after every 9 commands and the last)\n",
                run(script, "--check", "--check-every", "9").err());
        CliResult zero = run(script, "--check-every", "0");
        assertEquals(2, zero.status());
        assertTrue(zero.err().contains("--check-every 0: expected a whole number of at least 1"), zero.err());
        assertEquals("", zero.out());
    }
}
