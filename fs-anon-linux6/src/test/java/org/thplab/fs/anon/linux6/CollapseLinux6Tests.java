package org.thplab.fs.anon.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.thplab.mm.Process;

/**
 * khugepaged's limits as the 6.18 policy sets them, beside MADV_COLLAPSE, which ignores them:
 * khugepaged needs a writable PTE and stays within max_ptes_none; MADV_COLLAPSE needs
 * neither, only one resident page.
 */
class CollapseLinux6Tests extends Linux6TestBase {

    /**
     * An extent of small pages (enabled=madvise, written before MADV_HUGEPAGE): every page
     * written if {@code whole}, else the first one only.
     */
    private Process smallPages(String arch, boolean whole) {
        Process p = boot(arch);
        thp("enabled", "madvise");
        map(p, 1);
        fill(p, base, whole ? nr : 1, 20);
        p.madvise(base, pmd, Process.Advice.HUGEPAGE);
        kernel.check();
        assertEquals("p", p.layout(base, pmd));
        return p;
    }

    @OnEveryArchitecture
    void khugepagedSkipsAnExtentWithoutAWritablePteButMadviseCollapseTakesIt(String arch) {
        Process p = smallPages(arch, true);
        Process child = p.fork(); // write-protects every PTE of both
        kernel.check();
        child.exit(); // no page is shared any more, but p's PTEs stay read-only
        kernel.check();

        kernel.khugepaged();
        kernel.check();
        assertEquals("p", p.layout(base, pmd), "SCAN_PAGE_RO: khugepaged leaves it");
        assertEquals(0, event("thp_collapse_alloc"));

        assertTrue(p.collapse(base, pmd), "MADV_COLLAPSE needs no writable PTE");
        kernel.check();
        assertEquals("H", p.layout(base, pmd));
        assertEquals(1, event("thp_collapse_alloc"));
        assertFilled(p, base, nr, 20);
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void khugepagedCollapsesTheSameExtentOnceOnePteIsWritable(String arch) {
        Process p = smallPages(arch, true);
        Process child = p.fork();
        child.exit();
        kernel.check();
        store(p, base + 5 * page, 0x55); // reuses the page: its PTE writable again

        kernel.khugepaged();
        kernel.check();
        assertEquals("H", p.layout(base, pmd));
        assertEquals(0x55, p.load(base + 5 * page).value());
        assertFilled(p, base, 5, 20);
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void maxPtesNoneLimitsKhugepagedButNotMadviseCollapse(String arch) {
        Process p = smallPages(arch, false);
        thp("max_ptes_none", "0");

        kernel.khugepaged();
        kernel.check();
        assertEquals("p", p.layout(base, pmd), "511 empty PTEs exceed max_ptes_none=0");

        assertTrue(p.collapse(base, pmd), "MADV_COLLAPSE ignores max_ptes_none");
        kernel.check();
        assertEquals("H", p.layout(base, pmd));
        assertEquals(pmd, p.smaps(base, pmd).rss(), "the holes are zero-filled");
        assertFilled(p, base, 1, 20);
        assertEquals(0, p.load(base + page).value());
        assertAllMemoryBack(p);
    }
}
