package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

/**
 * MADV_COLLAPSE's walk as Linux 6.18 takes it (madvise_collapse), the core's own rules
 * whatever policy is loaded: extents in order, a stop at an extent without a page table, the
 * huge zero page counted as collapsed, zero pages alone passed over. The invariant checker
 * runs after every step.
 */
class MadviseCollapseTests {

    /** Writes {@code value} to {@code pages} pages from {@code addr}, then checks the kernel. */
    private static void write(TestKernel k, Process p, long addr, long pages, int value) {
        for (long i = 0; i < pages; i++) {
            assertEquals(Access.OK, p.store(addr + i * k.page, value));
        }
        k.kernel.check();
    }

    private static void assertValues(TestKernel k, Process p, long addr, long pages, int value) {
        for (long i = 0; i < pages; i++) {
            assertEquals(value, p.load(addr + i * k.page).value(), "page " + i);
        }
    }

    /** anon_collapse_gap_resume: 20 pages, never touched, full, one page. */
    @OnEveryArchitecture
    void theWalkStopsAtTheFirstExtentWithoutAPageTable(TestKernel k) {
        Process p = k.boot();
        int nr = k.g.hpagePmdNr();
        p.mmapAnonymous(k.base, 4 * k.pmd, PROT_READ | PROT_WRITE);
        write(k, p, k.base, 3, 3);
        write(k, p, k.base + 2 * k.pmd, nr, 4);
        write(k, p, k.base + 4 * k.pmd - k.page, 1, 5);
        assertEquals("p.pp", p.layout(k.base, 4 * k.pmd));

        assertFalse(p.collapse(k.base, 4 * k.pmd), "EINVAL at the empty extent");
        k.kernel.check();
        assertEquals("H.pp", p.layout(k.base, 4 * k.pmd), "the extents after the empty one are left as they were");
        assertEquals(k.pmd, k.kernel.meminfo().anonHugePages());

        assertFalse(p.collapse(k.base + k.pmd, 3 * k.pmd), "a call starting at the empty extent does nothing");
        k.kernel.check();
        assertEquals("H.pp", p.layout(k.base, 4 * k.pmd));

        assertTrue(p.collapse(k.base + 2 * k.pmd, 2 * k.pmd), "past it, even a single page collapses");
        k.kernel.check();
        assertEquals("H.HH", p.layout(k.base, 4 * k.pmd));
        assertEquals(new Smaps(4 * k.pmd, 3 * k.pmd, 3 * k.pmd, 3 * k.pmd, 0), p.smaps(k.base, 4 * k.pmd));
        assertValues(k, p, k.base, 3, 3);
        assertValues(k, p, k.base + 3 * k.page, nr - 3, 0);
        assertValues(k, p, k.base + 2 * k.pmd, nr, 4);
        assertValues(k, p, k.base + 3 * k.pmd, nr - 1, 0);
        assertValues(k, p, k.base + 4 * k.pmd - k.page, 1, 5);
        k.assertAllMemoryBack(null, p);
    }

    /**
     * mm_find_pmd() finding no PMD table at all is SCAN_PMD_NULL, on the list the walk goes on
     * after: the extents beyond are collapsed, but the call still fails.
     */
    @OnEveryArchitecture
    void anExtentWithoutEvenAPmdTableIsPassedOver(TestKernel k) {
        Process p = k.boot();
        long pud = 1L << k.g.pudShift();
        long start = pud - k.pmd; // the last extent of one PMD table, a whole untouched table, then another
        p.mmapAnonymous(start, pud + 2 * k.pmd, PROT_READ | PROT_WRITE);
        write(k, p, start, 1, 6);
        write(k, p, 2 * pud, 1, 7);

        assertFalse(p.collapse(start, pud + 2 * k.pmd), "the untouched extents fail the call");
        k.kernel.check();
        assertEquals("H", p.layout(start, k.pmd));
        assertEquals(".", p.layout(pud, k.pmd));
        assertEquals("H", p.layout(2 * pud, k.pmd), "the walk went on past a missing PMD table");
        assertEquals(6, p.load(start).value());
        assertEquals(7, p.load(2 * pud).value());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void anExtentMappedByTheHugeZeroPageCountsAsCollapsed(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base, false));
        write(k, p, k.base + k.pmd, 1, 8);
        assertEquals("Zp", p.layout(k.base, 2 * k.pmd));

        assertTrue(p.collapse(k.base, 2 * k.pmd), "the huge zero PMD is SCAN_PMD_MAPPED");
        k.kernel.check();
        assertEquals("ZH", p.layout(k.base, 2 * k.pmd), "left as it was, not collapsed into a THP of zeroes");
        assertEquals(0, p.load(k.base).value());
        assertEquals(8, p.load(k.base + k.pmd).value());
        p.exit();
        assertTrue(k.kernel.huge().zeroPage().shrink(), "unused, the huge zero page goes back");
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void anExtentOfZeroPagesAloneIsPassedOverAndFailsTheCall(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        assertEquals(0, p.load(k.base).value()); // the small zero page: no resident page
        write(k, p, k.base + k.pmd, 1, 9);

        assertFalse(p.collapse(k.base, 2 * k.pmd), "nothing resident in the first extent");
        k.kernel.check();
        assertEquals("pH", p.layout(k.base, 2 * k.pmd), "the walk went on to the next extent");
        assertEquals(0, p.load(k.base).value());
        assertEquals(9, p.load(k.base + k.pmd).value());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aMappingWithoutAnAnonVmaOrWithNohugepageIsRefusedWhole(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, k.pmd, PROT_READ); // not PROT_WRITE: it must not merge with the next
        assertFalse(p.collapse(k.base, k.pmd), "never faulted: no anon_vma");
        p.mmapAnonymous(k.base + k.pmd, 2 * k.pmd, PROT_READ | PROT_WRITE);
        write(k, p, k.base + k.pmd, 1, 1);
        write(k, p, k.base + 2 * k.pmd, 1, 2);
        assertFalse(p.collapse(k.base, 3 * k.pmd), "the first VMA fails, so the walk never reaches the second");
        k.kernel.check();
        assertEquals(".pp", p.layout(k.base, 3 * k.pmd));
        p.madvise(k.base + k.pmd, k.pmd, Process.Advice.NOHUGEPAGE);
        assertFalse(p.collapse(k.base + k.pmd, 2 * k.pmd), "MADV_NOHUGEPAGE refuses its VMA before any extent");
        k.kernel.check();
        assertEquals(".pp", p.layout(k.base, 3 * k.pmd));
        assertTrue(p.collapse(k.base + 2 * k.pmd, k.pmd));
        assertEquals(".pH", p.layout(k.base, 3 * k.pmd));
        k.assertAllMemoryBack(null, p);
    }
}
