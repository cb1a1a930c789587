package org.thplab.fs.anon.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.thplab.mm.Process;

/**
 * deferred_split_scan() as Linux 6.12+ runs it on reclaim: a split maps the subpages that
 * hold only zeroes to the shared zero page (Rss drops), and with max_ptes_none below
 * HPAGE_PMD_NR - 1 a wholly mapped but underused THP is split too.
 */
class DeferredSplitLinux6Tests extends Linux6TestBase {

    @OnEveryArchitecture
    void splittingAPartlyUnmappedThpMapsItsZeroFilledSubpagesToTheZeroPage(String arch) {
        Process p = boot(arch);
        map(p, 1);
        store(p, base + 2 * page, 5);
        store(p, base + 3 * page, 6);
        assertEquals("H", p.layout(base, pmd));
        p.munmap(base + pmd / 2, pmd / 2);
        kernel.check();
        assertEquals(pmd / 2, p.smaps(base, pmd).rss());

        kernel.reclaim();
        kernel.check();
        assertEquals(2 * page, p.smaps(base, pmd).rss(), "only the two written pages stay resident");
        assertEquals(0, p.load(base).value());
        assertEquals(5, p.load(base + 2 * page).value());
        assertEquals(6, p.load(base + 3 * page).value());
        assertEquals(0, p.load(base + 4 * page).value());
        store(p, base, 7);
        assertEquals(3 * page, p.smaps(base, pmd).rss(), "a write to a zero-page PTE gets its own page");
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void anUnderusedThpIsSplitOnReclaimOnlyBelowTheDefaultMaxPtesNone(String arch) {
        Process p = boot(arch);
        map(p, 2);
        store(p, base + page, 1);
        fill(p, base + pmd, nr, 30);
        assertEquals("HH", p.layout(base, 2 * pmd));

        kernel.reclaim();
        kernel.check();
        assertEquals("HH", p.layout(base, 2 * pmd), "max_ptes_none=HPAGE_PMD_NR-1: nothing is underused");

        thp("max_ptes_none", String.valueOf(nr / 2));
        kernel.reclaim();
        kernel.check();
        assertEquals("pH", p.layout(base, 2 * pmd), "more zero-filled subpages than max_ptes_none: split");
        assertEquals(page + pmd, p.smaps(base, 2 * pmd).rss(), "the zero-filled subpages went to the zero page");
        assertEquals(pmd, kernel.meminfo().anonHugePages());
        assertEquals(1, p.load(base + page).value());
        assertEquals(0, p.load(base).value());
        assertFilled(p, base + pmd, nr, 30);
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void anUnderusedThpSharedAfterForkLeavesBothProcessesTheZeroPage(String arch) {
        Process p = boot(arch);
        map(p, 1);
        store(p, base + page, 1);
        Process child = p.fork();
        kernel.check();
        thp("max_ptes_none", "0");

        kernel.reclaim();
        kernel.check();
        assertEquals("p", p.layout(base, pmd));
        assertEquals("p", child.layout(base, pmd));
        assertEquals(page, p.smaps(base, pmd).rss());
        assertEquals(page, child.smaps(base, pmd).rss());
        assertEquals(1, child.load(base + page).value());
        store(p, base + page, 2);
        assertEquals(1, child.load(base + page).value(), "still copy-on-write after the split");
        assertAllMemoryBack(p, child);
    }
}
