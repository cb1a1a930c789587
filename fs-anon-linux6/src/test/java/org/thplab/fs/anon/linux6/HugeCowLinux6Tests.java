package org.thplab.fs.anon.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.thplab.mm.Process;

/**
 * do_huge_pmd_wp_page() as Linux 5.8 and later: fork write-protects; a write to a THP that
 * another process maps splits only the writer's PMD and copies one page (never the whole
 * THP); the last mapper reuses it; a write to the huge zero page gets a fresh THP.
 */
class HugeCowLinux6Tests extends Linux6TestBase {

    /** anon_cow_parent_write_middle: three THPs shared by fork, both sides write the middle one. */
    @OnEveryArchitecture
    void aWriteToASharedThpSplitsOnlyTheWritersPmdAndCopiesOnePage(String arch) {
        Process p0 = boot(arch);
        map(p0, 3);
        fill(p0, base, 3 * nr, 10);
        long allocs = event("thp_fault_alloc");
        Process p1 = p0.fork();
        kernel.check();
        assertEquals("HHH", p1.layout(base, 3 * pmd), "fork copies the huge PMDs");

        store(p0, base + pmd + 7 * page, 0xaa);
        assertEquals("HpH", p0.layout(base, 3 * pmd), "only the writer's PMD is split");
        assertEquals("HHH", p1.layout(base, 3 * pmd));
        assertEquals(3 * pmd, p0.smaps(base, 3 * pmd).rss(), "511 shared subpages and one copy");
        assertEquals(2 * pmd, p0.smaps(base, 3 * pmd).anonHugePages());
        assertEquals(3 * pmd, kernel.meminfo().anonHugePages(), "the THP is still mapped by the child's PMD");
        assertEquals(allocs, event("thp_fault_alloc"), "no THP copied");

        store(p1, base + pmd + 9 * page, 0xbb);
        assertEquals("HpH", p1.layout(base, 3 * pmd), "p0's PTEs still map the THP: split again, not reused");
        assertEquals(2 * pmd, kernel.meminfo().anonHugePages(), "the middle THP lost its last PMD");
        assertEquals(allocs, event("thp_fault_alloc"));

        assertEquals(0xaa, p0.load(base + pmd + 7 * page).value());
        assertEquals((10 + nr + 9) & 0xff, p0.load(base + pmd + 9 * page).value());
        assertEquals(0xbb, p1.load(base + pmd + 9 * page).value());
        assertEquals((10 + nr + 7) & 0xff, p1.load(base + pmd + 7 * page).value());
        assertFilled(p0, base, nr, 10);
        assertFilled(p1, base + 2 * pmd, nr, 10 + 2 * nr);

        p1.exit();
        kernel.check();
        assertEquals(2 * pmd, p0.smaps(base, 3 * pmd).anonHugePages(), "p0 keeps its split mapping");
        assertEquals(2 * pmd, kernel.meminfo().anonHugePages());
        assertAllMemoryBack(p0);
    }

    @OnEveryArchitecture
    void theLastMapperReusesTheThpInPlace(String arch) {
        Process p = boot(arch);
        map(p, 1);
        fill(p, base, nr, 1);
        Process child = p.fork();
        kernel.check();
        child.exit();
        kernel.check();
        long allocs = event("thp_fault_alloc");
        long splits = event("thp_split_pmd");

        store(p, base + 3 * page, 0x77);
        assertEquals("H", p.layout(base, pmd), "mapcount 1: reused, still one PMD");
        assertEquals(allocs, event("thp_fault_alloc"));
        assertEquals(splits, event("thp_split_pmd"));
        assertEquals(0x77, p.load(base + 3 * page).value());
        assertFilled(p, base, 3, 1);
        assertAllMemoryBack(p);
    }

    @OnEveryArchitecture
    void aWriteToTheHugeZeroPageGetsAFreshThp(String arch) {
        Process p = boot(arch);
        map(p, 1);
        assertEquals(0, p.load(base).value());
        kernel.check();
        assertEquals("Z", p.layout(base, pmd));
        Process child = p.fork();
        kernel.check();

        store(child, base + page, 9);
        assertEquals("H", child.layout(base, pmd));
        assertEquals("Z", p.layout(base, pmd), "the parent keeps the huge zero page");
        assertEquals(1, event("thp_fault_alloc"));
        assertEquals(9, child.load(base + page).value());
        assertEquals(0, child.load(base + 2 * page).value());
        assertAllMemoryBack(p, child);
    }

    @OnEveryArchitecture
    void withoutAHugePageTheZeroPmdIsSplitAndOnePageAllocated(String arch) {
        Process p = bootSmall(arch, 8);
        map(p, 1);
        assertEquals(0, p.load(base).value());
        Process hog = fragmentMemory();
        store(p, base + page, 4);
        assertEquals(1, event("thp_fault_fallback"));
        assertEquals("p", p.layout(base, pmd), "the huge zero PMD became PTEs, one page written");
        assertEquals(page, p.smaps(base, pmd).rss());
        assertEquals(4, p.load(base + page).value());
        assertEquals(0, p.load(base + 2 * page).value());
        assertAllMemoryBack(p, hog);
    }
}
