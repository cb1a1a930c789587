package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thplab.mm.Process;
import org.thplab.mm.Process.Advice;

/**
 * The anonymous-memory scenarios of tools/testing/selftests/mm/khugepaged.c, each in its two
 * contexts: khugepaged (MADV_HUGEPAGE, one full pass, MADV_NOHUGEPAGE; the max_ptes limits
 * apply) and MADV_COLLAPSE (with enabled=never, after MADV_HUGEPAGE; the limits do not). As the selftest, THP is
 * enabled=madvise and use_zero_page=0 unless a scenario says otherwise.
 */
class KhugepagedScenarioTests extends AnonTestBase {

    enum Context { KHUGEPAGED, MADVISE }

    static Stream<Arguments> cases() {
        return archs().flatMap(a -> Stream.of(Arguments.of(a, Context.KHUGEPAGED), Arguments.of(a, Context.MADVISE)));
    }

    private Process start(String arch) {
        Process p = boot(arch);
        thp("enabled", "madvise");
        thp("use_zero_page", "0");
        return p;
    }

    /** Collapses [base, base + extents * pmd) of {@code p} in {@code c}'s way. */
    private void collapse(Context c, Process p, int extents) {
        collapse(c, p, base, extents);
    }

    private void collapse(Context c, Process p, long addr, int extents) {
        long len = extents * pmd;
        if (c == Context.KHUGEPAGED) {
            p.madvise(addr, len, Advice.HUGEPAGE);
            kernel.khugepaged();
            p.madvise(addr, len, Advice.NOHUGEPAGE);
        } else {
            thp("enabled", "never");
            p.madvise(addr, len, Advice.HUGEPAGE); // as the selftest: MADV_COLLAPSE refuses VM_NOHUGEPAGE
            p.collapse(addr, len);
            thp("enabled", "madvise");
        }
    }

    /** The selftest's check_huge: how many extents from {@link #base} AnonHugePages counts. */
    private long huge(Process p, int extents) {
        return huge(p, base, extents);
    }

    private long huge(Process p, long addr, int extents) {
        return p.smaps(addr, extents * pmd).anonHugePages() / pmd;
    }

    @OnEveryArchitecture
    void allocAtFault(String arch) {
        Process p = start(arch);
        thp("enabled", "always");
        map(p, 1);
        p.store(base, 1);
        assertEquals(1, huge(p, 1));
        p.madvise(base, page, Advice.DONTNEED);
        assertEquals(0, huge(p, 1), "MADV_DONTNEED of one page splits the PMD");
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseFull(String arch, Context c) {
        Process p = start(arch);
        map(p, 4);
        fill(p, base, 4 * nr, 0xdead0000);
        collapse(c, p, 4);
        assertEquals(4, huge(p, 4));
        assertFilled(p, base, 4 * nr, 0xdead0000);
        assertEquals(4, event("thp_collapse_alloc"));
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseEmpty(String arch, Context c) {
        Process p = start(arch);
        map(p, 1);
        collapse(c, p, 1);
        assertEquals(0, huge(p, 1));
        assertEquals(0, p.smaps(base, pmd).rss());
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseSinglePteEntry(String arch, Context c) {
        Process p = start(arch);
        map(p, 1);
        fill(p, base, 1, 0xdead0000);
        collapse(c, p, 1);
        assertEquals(1, huge(p, 1));
        assertFilled(p, base, 1, 0xdead0000);
        assertEquals(0, p.load(base + page).value(), "the holes read as zero");
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseMaxPtesNone(String arch, Context c) {
        Process p = start(arch);
        thp("max_ptes_none", String.valueOf(nr / 2));
        map(p, 1);
        fill(p, base, nr / 2 - 1, 0xdead0000);
        collapse(c, p, 1);
        assertEquals(c == Context.KHUGEPAGED ? 0 : 1, huge(p, 1), "one empty PTE over the limit");
        if (c == Context.KHUGEPAGED) {
            fill(p, base, nr / 2, 0xdead0000);
            collapse(c, p, 1);
            assertEquals(1, huge(p, 1), "at the limit");
        }
        assertFilled(p, base, nr / 2 - 1, 0xdead0000);
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseSinglePteEntryCompound(String arch, Context c) {
        Process p = start(arch);
        thpFilled(p);
        p.madvise(base, pmd, Advice.NOHUGEPAGE);
        p.madvise(base + page, pmd - page, Advice.DONTNEED);
        assertEquals(0, huge(p, 1), "a PTE-mapped remnant of the THP");
        collapse(c, p, 1);
        assertEquals(1, huge(p, 1));
        assertFilled(p, base, 1, 0xdead0000);
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseFullOfCompound(String arch, Context c) {
        Process p = start(arch);
        thpFilled(p);
        p.madvise(base, page, Advice.NOHUGEPAGE);
        p.madvise(base, pmd, Advice.NOHUGEPAGE);
        assertEquals(0, huge(p, 1), "the VMA split at the first page split the PMD");
        collapse(c, p, 1);
        assertEquals(1, huge(p, 1));
        assertFilled(p, base, nr, 0xdead0000);
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseFork(String arch, Context c) {
        Process p = start(arch);
        map(p, 1);
        fill(p, base, 1, 0xdead0000);
        Process child = p.fork();
        child.store(base + 2 * page, 5);
        collapse(c, child, 1);
        assertEquals(1, huge(child, 1), "the shared page is copied into the child's THP");
        assertEquals(0, huge(p, 1));
        assertFilled(p, base, 1, 0xdead0000);
        assertFilled(child, base, 1, 0xdead0000);
        assertEquals(5, child.load(base + 2 * page).value());
        assertEquals(0, p.load(base + 2 * page).value());
        assertAllMemoryBack(p, child);
    }

    /** One extent of {@code p} mapped by a THP, by a fault under enabled=always, filled with the pattern. */
    private void thpFilled(Process p) {
        thp("enabled", "always");
        map(p, 1);
        fill(p, base, nr, 0xdead0000);
        assertEquals(1, huge(p, 1));
        thp("enabled", "madvise");
    }

    /** A THP shared by fork, whose PMD the child splits (mprotect there and back) before COWing {@code cows} pages. */
    private Process childOfSharedThp(Process p, int cows) {
        thpFilled(p);
        Process child = p.fork();
        child.mprotect(base, page, PROT_READ);
        child.mprotect(base, page, PROT_READ | PROT_WRITE);
        assertEquals(0, huge(child, 1));
        fill(child, base, cows, 0xbeef0000);
        assertEquals(1, huge(p, 1));
        return child;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseForkCompound(String arch, Context c) {
        Process p = start(arch);
        Process child = childOfSharedThp(p, 1);
        thp("max_ptes_shared", String.valueOf(nr - 1));
        collapse(c, child, 1);
        assertEquals(1, huge(child, 1));
        assertEquals(1, huge(p, 1), "the parent keeps its THP");
        assertFilled(child, base, 1, 0xbeef0000);
        assertFilled(child, base + page, nr - 1, 0xdead0001);
        assertFilled(p, base, nr, 0xdead0000);
        assertAllMemoryBack(p, child);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void collapseMaxPtesShared(String arch, Context c) {
        Process p = start(arch);
        Process child = childOfSharedThp(p, nr / 2 - 1);
        collapse(c, child, 1);
        assertEquals(c == Context.KHUGEPAGED ? 0 : 1, huge(child, 1), "one shared page over max_ptes_shared");
        if (c == Context.KHUGEPAGED) {
            fill(child, base, nr / 2, 0xbeef0000);
            collapse(c, child, 1);
            assertEquals(1, huge(child, 1), "at the limit");
        }
        assertEquals(1, huge(p, 1));
        assertFilled(p, base, nr, 0xdead0000);
        assertFilled(child, base, nr / 2 - 1, 0xbeef0000);
        assertAllMemoryBack(p, child);
    }

    @OnEveryArchitecture
    void madviseCollapseExistingThps(String arch) {
        Process p = start(arch);
        map(p, 1);
        fill(p, base, nr, 0xdead0000);
        assertEquals(true, p.collapse(base, pmd));
        assertEquals(true, p.collapse(base, pmd), "an extent already mapped by a THP counts as collapsed");
        assertEquals(1, huge(p, 1));
        assertEquals(1, event("thp_collapse_alloc"));
        assertAllMemoryBack(p);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void withoutAHugePageNothingCollapsesAndTheFailureIsCounted(String arch, Context c) {
        Process p = bootSmall(arch, 8);
        thp("enabled", "madvise");
        map(p, 1);
        fill(p, base, nr, 0xdead0000);
        Process hog = fragmentMemory();
        collapse(c, p, 1);
        assertEquals(0, huge(p, 1));
        assertEquals(1, event("thp_collapse_alloc_failed"));
        assertEquals(0, event("thp_collapse_alloc"));
        assertFilled(p, base, nr, 0xdead0000);
        assertAllMemoryBack(p, hog);
    }

    /**
     * collapse_compound_extreme: each of the extent's PTEs maps a subpage of a different THP,
     * built as the selftest does by faulting a THP and sliding the region along with mremap.
     */
    @ParameterizedTest
    @MethodSource("cases")
    void collapseCompoundExtreme(String arch, Context c) {
        Process p = bootSmall(arch, architecture(arch).geometry().hpagePmdNr() + 16);
        thp("enabled", "madvise");
        long hpage = base + 4 * pmd; // the selftest's BASE_ADDR, with room below it
        p.mmapAnonymous(hpage, pmd, PROT_READ | PROT_WRITE);
        for (int i = 0; i < nr; i++) {
            p.madvise(hpage, pmd, Advice.HUGEPAGE);
            fill(p, hpage, 1, 0);
            assertEquals("H", p.layout(hpage, pmd), "round " + i);
            p.madvise(hpage, pmd, Advice.NOHUGEPAGE);
            p.mremap(hpage - i * page, i * page + pmd, hpage + 2 * pmd, (i + 1) * page);
            p.mremap(hpage + 2 * pmd, (i + 1) * page, hpage - (i + 1) * page, (i + 1) * page + pmd);
        }
        long start = hpage - pmd;
        p.munmap(hpage, pmd);
        fill(p, start, nr, 0xdead0000);
        assertEquals("p", p.layout(start, pmd), "every PTE maps a subpage of its own THP");
        collapse(c, p, start, 1);
        assertEquals(1, huge(p, start, 1));
        assertFilled(p, start, nr, 0xdead0000);
        assertAllMemoryBack(p);
    }
}
