package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.Map;
import org.thplab.api.fs.CollapseResult;
import org.thplab.mm.fstest.CollapseProbeFs;
import org.thplab.mm.fstest.CollapseProbeFs.Asked;

/**
 * How the core walks a file range for MADV_COLLAPSE and khugepaged over a filesystem's
 * {@code collapse} answers (madvise_collapse's result handling), seen from a filesystem that
 * records what it is asked.
 */
class FileCollapseWalkTests {

    private CollapseProbeFs fs;
    private StandInThp thp;
    private FileHandle file;

    /** A probe filesystem with a four-extent file, mapped shared and aligned at base. */
    private Process mapped(TestKernel k) {
        fs = new CollapseProbeFs();
        thp = new StandInThp();
        k.bootKernel(256L << 20, List.of(fs), thp);
        file = k.kernel.mount("probefs", Map.of()).create("f");
        file.truncate(4 * k.pmd);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 4 * k.pmd, PROT_READ | PROT_WRITE, true, file, 0);
        k.kernel.check();
        return p;
    }

    private long extent(TestKernel k, int i) {
        return i * (long) k.g.hpagePmdNr();
    }

    private List<Long> firsts() {
        return fs.asked.stream().map(Asked::first).toList();
    }

    private void release(TestKernel k, Process p) {
        p.exit();
        file.truncate(0);
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void everyExtentIsAskedInOrderWithoutLimitsAndTheCallSucceedsWhenAllAreHuge(TestKernel k) {
        Process p = mapped(k);
        fs.answers.put(extent(k, 2), CollapseResult.ALREADY_HUGE);
        thp.mayCollapse = false;
        assertTrue(p.collapse(k.base, 4 * k.pmd));
        k.kernel.check();
        assertEquals(List.of(0L, extent(k, 1), extent(k, 2), extent(k, 3)), firsts());
        for (Asked a : fs.asked) {
            assertFalse(a.khugepaged());
            assertEquals(k.base, a.vmaStart(), "the caller's mapping");
            assertTrue(a.mayCollapseWhole() && a.mayCollapseOne(), "MADV_COLLAPSE has no limits");
        }
        release(k, p);
    }

    @OnEveryArchitecture
    void anEmptyExtentStopsTheWalk(TestKernel k) {
        Process p = mapped(k);
        fs.answers.put(extent(k, 1), CollapseResult.EMPTY);
        assertFalse(p.collapse(k.base, 4 * k.pmd), "EINVAL");
        assertEquals(List.of(0L, extent(k, 1)), firsts(), "nothing after the empty extent is asked");
        release(k, p);
    }

    @OnEveryArchitecture
    void aBusyExtentFailsTheCallButTheWalkGoesOn(TestKernel k) {
        Process p = mapped(k);
        fs.answers.put(extent(k, 1), CollapseResult.BUSY);
        assertFalse(p.collapse(k.base, 4 * k.pmd), "EAGAIN");
        assertEquals(List.of(0L, extent(k, 1), extent(k, 2), extent(k, 3)), firsts());
        release(k, p);
    }

    @OnEveryArchitecture
    void noMemoryLimitsAndUnsupportedStopTheWalk(TestKernel k) {
        Process p = mapped(k);
        for (CollapseResult stop : List.of(CollapseResult.NO_MEMORY, CollapseResult.LIMITS, CollapseResult.UNSUPPORTED)) {
            fs.asked.clear();
            fs.answers.put(0L, stop);
            assertFalse(p.collapse(k.base, 4 * k.pmd), stop.name());
            assertEquals(List.of(0L), firsts(), stop + " stops at once");
        }
        release(k, p);
    }

    @OnEveryArchitecture
    void aMappingWhoseOffsetDisagreesWithItsAddressIsRefusedWithoutAsking(TestKernel k) {
        Process p = mapped(k);
        Process q = k.kernel.spawn();
        q.mmapFile(k.base + k.page, 2 * k.pmd, PROT_READ, true, file, 0);
        assertFalse(q.collapse(k.base, 3 * k.pmd), "not congruent: thp_vma_suitable_order fails");
        assertEquals(List.of(), fs.asked);
        q.exit();
        release(k, p);
    }

    @OnEveryArchitecture
    void khugepagedOffersTheWholeExtentsOfEligibleMappingsWithThePolicysLimits(TestKernel k) {
        Process p = mapped(k);
        Process misaligned = k.kernel.spawn();
        misaligned.mmapFile(k.base + k.page, 2 * k.pmd, PROT_READ, true, file, 0);
        Process refused = k.kernel.spawn();
        refused.mmapFile(k.base, 2 * k.pmd, PROT_READ, true, file, 2 * k.pmd);
        refused.madvise(k.base, 2 * k.pmd, Process.Advice.NOHUGEPAGE);
        k.kernel.khugepaged();
        k.kernel.check();
        assertEquals(List.of(0L, extent(k, 1), extent(k, 2), extent(k, 3)), firsts(),
                "only p's mapping: one is not congruent, the other has MADV_NOHUGEPAGE");
        assertTrue(fs.asked.stream().allMatch(a -> a.khugepaged() && a.mayCollapseWhole()));
        fs.asked.clear();
        thp.mayCollapse = false;
        k.kernel.khugepaged();
        assertTrue(fs.asked.stream().noneMatch(a -> a.mayCollapseWhole() || a.mayCollapseOne()),
                "the policy's limits decide");
        misaligned.exit();
        refused.exit();
        release(k, p);
    }
}
