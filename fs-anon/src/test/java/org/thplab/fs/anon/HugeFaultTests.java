package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import org.thplab.mm.Access;
import org.thplab.mm.Process;
import org.thplab.mm.Process.Advice;

/** do_huge_pmd_anonymous_page() as fs-anon decides it: which faults go huge, and with what. */
class HugeFaultTests extends AnonTestBase {

    @OnEveryArchitecture
    void aWriteGetsANewThpAndAReadTheHugeZeroPage(String arch) {
        Process p = boot(arch);
        map(p, 2);
        p.store(base, 1);
        p.load(base + pmd);
        assertEquals("HZ", p.layout(base, 2 * pmd));
        assertEquals(pmd, p.smaps(base, 2 * pmd).rss(), "the huge zero page is not resident memory");
        assertEquals(pmd, p.smaps(base, 2 * pmd).anonHugePages());
        assertEquals(pmd, kernel.meminfo().anonHugePages());
        assertEquals(1, event("thp_fault_alloc"), "the read allocates nothing");
        assertEquals(1, event("thp_zero_page_alloc"));
        assertEquals(0, p.load(base + pmd + 3 * page).value());
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void theEnabledKnobAndMadviseDecideWhichMappingsGoHuge(String arch) {
        Process p = boot(arch);
        map(p, 4);
        thp("enabled", "never");
        p.store(base, 1);
        thp("enabled", "madvise");
        p.store(base + pmd, 1);
        p.madvise(base + 2 * pmd, 2 * pmd, Advice.HUGEPAGE);
        p.store(base + 2 * pmd, 1);
        thp("enabled", "always");
        p.madvise(base + 3 * pmd, pmd, Advice.NOHUGEPAGE);
        p.store(base + 3 * pmd, 1);
        assertEquals("ppHp", p.layout(base, 4 * pmd), "never; madvise without advice; with; NOHUGEPAGE wins");
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void withoutTheZeroPageAReadAllocatesAThp(String arch) {
        Process p = boot(arch);
        map(p, 1);
        thp("use_zero_page", "0");
        assertEquals(0, p.load(base).value());
        assertEquals("H", p.layout(base, pmd));
        assertEquals(pmd, p.smaps(base, pmd).rss());
        assertEquals(1, event("thp_fault_alloc"));
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void anExtentNotWhollyInsideTheMappingFallsBackWithoutCountingAFallback(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base + page, 2 * pmd - 2 * page, PROT_READ | PROT_WRITE);
        p.store(base + page, 1);
        p.store(base + pmd, 2);
        assertEquals("pp", p.layout(base, 2 * pmd));
        assertEquals(2 * page, p.smaps(base, 2 * pmd).rss());
        assertEquals(0, event("thp_fault_alloc"));
        assertEquals(0, event("thp_fault_fallback"), "no huge page was tried for");
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void withNoHugePageLeftAWriteFallsBackToBasePages(String arch) {
        Process p = bootSmall(arch, 8);
        long huge = kernel.freeFrames() / nr; // every free huge page, each taken by one write
        p.mmapAnonymous(base, (huge + 1) * pmd, PROT_READ | PROT_WRITE);
        for (long i = 0; i <= huge; i++) {
            assertEquals(Access.OK, p.store(base + i * pmd, 1));
        }
        long thps = event("thp_fault_alloc");
        assertTrue(thps <= huge, "one extent more than there are huge pages");
        assertTrue(event("thp_fault_fallback") > 0);
        assertEquals(thps * pmd, kernel.meminfo().anonHugePages());
        for (long i = 0; i <= huge; i++) {
            assertEquals(1, p.load(base + i * pmd).value(), "extent " + i + " holds its write either way");
        }
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void fragmentedMemoryGetsNoThpAndNoZeroPageButEveryAccessSucceeds(String arch) {
        Process p = bootSmall(arch, 8);
        Process hog = fragmentMemory();
        assertTrue(kernel.freeFrames() > 2 * nr);
        map(p, 2);
        assertEquals(Access.OK, p.store(base, 5));
        assertEquals(0, p.load(base + pmd).value());
        assertEquals("pp", p.layout(base, 2 * pmd), "base pages, and the small zero page for the read");
        assertEquals(2, event("thp_fault_fallback"), "the write found no THP, the read no huge zero page");
        assertEquals(0, event("thp_fault_alloc"));
        assertEquals(5, p.load(base).value());
        assertAllMemoryBack(p, hog);
    }

    @OnEveryArchitecture
    void unknownKnobsListEveryKnobTheKernelTakes(String arch) {
        boot(arch);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> thp("colour", "blue"));
        assertEquals("unknown THP knob 'colour': expected one of [enabled, defrag, use_zero_page, max_ptes_none,"
                + " max_ptes_swap, max_ptes_shared, shmem_enabled]", e.getMessage());
    }
}
