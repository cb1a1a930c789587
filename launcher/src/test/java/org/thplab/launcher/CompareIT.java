package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code thplab compare} of the seed and a second real design (the third-party cow-split
 * policy, bundled and chosen by a profile) on the README's script: the lines that differ,
 * side by side with their script lines, the same under both runtimes; identical runs exit 0,
 * bad input exits 2 in one line.
 */
class CompareIT {
    private static final Path SCRIPT = TestBundle.ROOT.resolve("examples/compare/cow-after-fork.wl");

    @TempDir
    static Path work;
    private static TestBundle bundle;

    @BeforeAll
    static void bundleTheThirdPartyPolicy() throws IOException {
        bundle = TestBundle.build(work);
        PluginJars.profiles(bundle.profiles(), "seed-again", "org.thplab.fs.anon org.thplab.fs.shmem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void theLinesThatDifferAreShownSideBySideWithTheirScriptLines(String runtime) {
        CliResult r = bundle.thplab(runtime, "compare", "--profiles", "seed,cow-split", SCRIPT.toString());
        assertEquals(new CliResult(1, String.join("\n",
                "LINE  SCRIPT       seed                 cow-split",
                "  15  smaps p0 A   AnonHugePages=8192   AnonHugePages=6144",
                "  17  meminfo      AnonHugePages=10240  AnonHugePages=8192",
                "  20  smaps p1 A   AnonHugePages=8192   AnonHugePages=6144",
                "  21  meminfo      AnonHugePages=12288  AnonHugePages=8192",
                "  22  layout p0 A  HHHH                 HpHH",
                "  23  layout p1 A  HHHH                 HHpH",
                "  28  smaps p0 A   AnonHugePages=8192   AnonHugePages=6144",
                "  29  meminfo      AnonHugePages=8192   AnonHugePages=6144",
                "8 of 14 output lines differ (exit status 0 and 0)", ""), ""), r);
    }

    @Test
    void theSameModulesPrintTheSameAndExit0() {
        CliResult r = bundle.thplab("jpms", "compare", "--profiles", "seed,seed-again", SCRIPT.toString());
        assertEquals(new CliResult(0, "all 14 output lines are the same (exit status 0 and 0)\n", ""), r);
    }

    @Test
    void linesOnlyOneProfilePrintedAndExitStatusesAreCompared() throws IOException {
        // cow-split maps a THP on a read where the seed maps the huge zero page; the expect holds only for the seed
        Path script = Files.writeString(work.resolve("zero.wl"), String.join("\n",
                "map p0 A anon 1pmd",
                "read p0 A 0 1page",
                "layout p0 A",
                "expect meminfo AnonHugePages=0",
                "echo done") + "\n");
        CliResult r = bundle.thplab("jpms", "compare", "--profiles", "seed,cow-split,seed-again", script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals(String.join("\n",
                "LINE  SCRIPT       seed  cow-split  seed-again",
                "   3  layout p0 A  Z     H          Z",
                "1 of 2 output lines differ (exit status 0, 1 and 0)", ""), r.out());
        assertEquals("cow-split: expect failed at 4: AnonHugePages=2048, wanted 0\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void badInputIsOneLineAndExit2(String runtime) throws IOException {
        String s = SCRIPT.toString();
        assertEquals(new CliResult(2, "", "thplab: unknown profile 'linux6': expected one of [cow-split, linux-6,"
                + " seed, seed-again] (profiles in " + bundle.profiles() + ")\n"),
                bundle.thplab(runtime, "compare", "--profiles", "seed,linux6", s));
        assertEquals(new CliResult(2, "", "thplab: --profiles: profile seed is given twice\n"),
                bundle.thplab(runtime, "compare", "--profiles", "seed,cow-split,seed", s));
        assertEquals(new CliResult(2, "", "thplab: --profiles seed: expected two or more profiles to compare,"
                + " e.g. --profiles seed,linux-6\n"), bundle.thplab(runtime, "compare", "--profiles", "seed", s));
        assertEquals(new CliResult(2, "", "thplab: profile seed: filesystem type 'tmpfs' is provided twice:"
                + " org.thplab.fs.shmem (profile seed) and org.example.tmpfs (--plugin " + bundle.otherTmpfs() + ")\n"),
                bundle.thplab(runtime, "compare", "--profiles", "seed,cow-split", s, "--plugin",
                        bundle.otherTmpfs().toString()));
    }

    @Test
    void aScriptErrorIsPrintedOnceWhenEveryProfileSaysTheSameElseWithEachProfile() throws IOException {
        Path same = Files.writeString(work.resolve("same.wl"), "map p0 A anon 1pmd\nbogus\n");
        CliResult check = bundle.thplab("jpms", "check", same.toString());
        assertTrue(check.err().startsWith(same + ":2: unknown command 'bogus'"), check.err());
        assertEquals(new CliResult(2, "", check.err()),
                bundle.thplab("jpms", "compare", "--profiles", "seed,cow-split", same.toString()),
                "what check prints, once");

        // fs-anon and cow-split word their refusal of a knob value differently
        Path knob = Files.writeString(work.resolve("knob.wl"), "thp enabled=sometimes\n");
        CliResult k = bundle.thplab("jpms", "compare", "--profiles", "seed,cow-split", knob.toString());
        assertEquals(2, k.status());
        assertEquals("", k.out());
        assertTrue(k.err().startsWith("seed: " + knob + ":1: "), k.err());
        assertTrue(k.err().contains("\ncow-split: " + knob + ":1: cow-split: enabled=sometimes: expected always or"
                + " never\n"), k.err());
    }

    @Test
    void theHelpSaysWhatItCompares() {
        CliResult r = CliResult.run("compare", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--profiles=NAME[,NAME...]"), r.out());
        assertTrue(r.out().contains("Exit status: 0 every output line and exit status is the same; 1 some differ;"),
                r.out());
    }
}
