package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;

import org.thplab.mm.Access;
import org.thplab.mm.Process;

/** do_huge_pmd_wp_page() as Linux 4.6: fork write-protects, a write reuses or copies the whole THP. */
class HugeCowTests extends AnonTestBase {

    @OnEveryArchitecture
    void afterForkAWriteCopiesTheWholeThpAndTheLastMapperReusesIt(String arch) {
        Process p = boot(arch);
        map(p, 1);
        fill(p, base, nr, 100);
        Process child = p.fork();
        assertEquals("H", child.layout(base, pmd), "fork copies the huge PMD");
        assertEquals(1, event("thp_fault_alloc"));
        long before = kernel.freeFrames();
        p.store(base + 3 * page, 7);
        assertEquals(2, event("thp_fault_alloc"), "mapped twice: the whole huge page is copied");
        assertEquals("H", p.layout(base, pmd), "still mapped by a PMD, a new one");
        assertEquals(before - nr, kernel.freeFrames());
        child.store(base + 4 * page, 8);
        assertEquals(2, event("thp_fault_alloc"), "the child maps the old THP alone now: reused in place");
        assertEquals(7, p.load(base + 3 * page).value());
        assertEquals(104, p.load(base + 4 * page).value());
        assertEquals(103, child.load(base + 3 * page).value());
        assertEquals(8, child.load(base + 4 * page).value());
        assertEquals(2 * pmd, kernel.meminfo().anonHugePages());
        assertAllMemoryBack(p, child);
    }

    @OnEveryArchitecture
    void theHugeZeroPmdIsSharedByForkAndAWriteGetsAFreshThp(String arch) {
        Process p = boot(arch);
        map(p, 1);
        assertEquals(0, p.load(base).value());
        Process child = p.fork();
        assertEquals("Z", child.layout(base, pmd));
        child.store(base + page, 9);
        assertEquals("H", child.layout(base, pmd));
        assertEquals("Z", p.layout(base, pmd), "the parent keeps the huge zero page");
        assertEquals(0, p.load(base + page).value());
        assertEquals(9, child.load(base + page).value());
        assertEquals(0, child.load(base + 2 * page).value());
        assertEquals(pmd, child.smaps(base, pmd).rss());
        assertEquals(0, p.smaps(base, pmd).rss());
        assertEquals(1, event("thp_fault_alloc"));
        assertAllMemoryBack(p, child);
    }

    @OnEveryArchitecture
    void withoutAHugePageToCopyIntoThePmdIsSplitAndOnePageCopied(String arch) {
        Process p = bootSmall(arch, 8);
        map(p, 1);
        fill(p, base, nr, 100);
        Process child = p.fork();
        Process hog = fragmentMemory();
        assertEquals(Access.OK, p.store(base + 5 * page, 1));
        assertEquals(1, event("thp_fault_fallback"));
        assertEquals("p", p.layout(base, pmd), "split into PTEs, the written page copied");
        assertEquals("H", child.layout(base, pmd));
        assertEquals(1, p.load(base + 5 * page).value());
        assertFilled(p, base, 5, 100);
        assertFilled(child, base, nr, 100);
        assertEquals(pmd, p.smaps(base, pmd).rss(), "every page still mapped: one private copy, the rest shared");
        assertAllMemoryBack(p, child, hog);
    }

    @OnEveryArchitecture
    void aPartialMunmapSplitsThePmdAndReclaimSplitsThePage(String arch) {
        Process p = boot(arch);
        map(p, 1);
        fill(p, base, nr, 100);
        p.munmap(base + pmd / 2, pmd / 2);
        assertEquals("p", p.layout(base, pmd));
        assertEquals(0, kernel.meminfo().anonHugePages());
        assertEquals(pmd / 2, p.smaps(base, pmd).rss());
        assertEquals(1, event("thp_split_pmd"));
        assertEquals(1, event("thp_deferred_split_page"), "partly unmapped: queued for the shrinker");
        long before = kernel.freeFrames();
        assertEquals(nr / 2, kernel.reclaim(), "the deferred split frees the unmapped half");
        assertEquals(before + nr / 2, kernel.freeFrames());
        assertEquals(1, event("thp_split_page"));
        assertFilled(p, base, nr / 2, 100);
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void aPartialMprotectSplitsAndKeepsWriteAccessWhereItRemains(String arch) {
        Process p = boot(arch);
        map(p, 1);
        fill(p, base, nr, 100);
        p.mprotect(base, page, PROT_READ);
        assertEquals("p", p.layout(base, pmd));
        assertEquals(Access.SEGV, p.store(base, 1));
        long before = kernel.freeFrames();
        assertEquals(Access.OK, p.store(base + page, 1), "still writable: no copy-on-write fault");
        assertEquals(before, kernel.freeFrames());
        assertEquals(100, p.load(base).value());
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void aThpAnotherProcessStillMapsInPartIsCopiedNotReused(String arch) {
        Process p = boot(arch);
        map(p, 1);
        fill(p, base, nr, 100);
        Process child = p.fork();
        child.munmap(base, page); // the child's PMD split; the head is mapped by the parent's PMD only
        p.store(base + 3 * page, 7);
        assertEquals(2, event("thp_fault_alloc"), "page_trans_huge_mapcount is 2: the whole THP is copied");
        assertEquals(103, child.load(base + 3 * page).value(), "the child's page is not written through");
        assertEquals(7, p.load(base + 3 * page).value());
        assertAllMemoryBack(p, child);
    }
}
