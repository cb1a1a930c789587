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
 * The anonymous scenarios of tools/testing/selftests/mm/cow.c the model can express (no swap,
 * no MADV_DONTFORK, no pins through pipes or io_uring): after fork, the parent overwrites its
 * memory and the child must still see its snapshot, on each of cow.c's layouts.
 */
class CowScenarioTests extends AnonTestBase {

    /** cow.c's memory layouts; each leaves {@code len} bytes at {@link #base} filled with the pattern. */
    enum Layout { BASE_PAGE, PMD_THP, PTE_MAPPED_THP, SINGLE_PTE_OF_THP, PARTIALLY_MREMAPPED_THP }

    static Stream<Arguments> layouts() {
        return archs().flatMap(a -> Stream.of(Layout.values()).flatMap(l ->
                Stream.of(Arguments.of(a, l, false), Arguments.of(a, l, true))));
    }

    /** Builds the layout in {@code p}; the length of what the test then uses at {@link #base}. */
    private long build(Process p, Layout layout) {
        if (layout == Layout.BASE_PAGE) {
            thp("enabled", "never");
            p.mmapAnonymous(base, page, PROT_READ | PROT_WRITE);
            fill(p, base, 1, 7);
            return page;
        }
        map(p, 1);
        fill(p, base, nr, 7);
        assertEquals("H", p.layout(base, pmd));
        switch (layout) {
            case PTE_MAPPED_THP -> {
                p.mprotect(base + page, page, PROT_READ);
                p.mprotect(base + page, page, PROT_READ | PROT_WRITE);
                assertEquals("p", p.layout(base, pmd));
            }
            case SINGLE_PTE_OF_THP -> {
                p.madvise(base + page, pmd - page, Advice.DONTNEED);
                return page;
            }
            case PARTIALLY_MREMAPPED_THP -> {
                p.mremap(base + pmd / 2, pmd / 2, base + 4 * pmd + pmd / 2, pmd / 2);
                assertEquals(7 + nr / 2 & 0xff, p.load(base + 4 * pmd + pmd / 2).value(), "the upper half moved");
                return pmd / 2;
            }
            default -> { }
        }
        return pmd;
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void theChildKeepsItsSnapshotWhenTheParentWrites(String arch, Layout layout, boolean mprotectFirst) {
        Process parent = boot(arch);
        long len = build(parent, layout);
        int pages = (int) (len / page);
        Process child = parent.fork();
        if (mprotectFirst) { // cow.c's R/O then R/W "optimisation" must not skip the copy
            parent.mprotect(base, len, PROT_READ);
            parent.mprotect(base, len, PROT_READ | PROT_WRITE);
        }
        for (int i = 0; i < pages; i++) {
            parent.store(base + i * page, 0xff);
        }
        assertFilled(child, base, pages, 7);
        for (int i = 0; i < pages; i++) {
            assertEquals(0xff, parent.load(base + i * page).value());
        }
        assertAllMemoryBack(parent, child);
    }

    @OnEveryArchitecture
    void aThpCollapsedBeforeForkIsCopiedOnWrite(String arch) {
        Process parent = boot(arch);
        build(parent, Layout.PTE_MAPPED_THP);
        parent.collapse(base, pmd);
        assertEquals("H", parent.layout(base, pmd));
        Process child = parent.fork();
        parent.store(base, 0xff);
        assertFilled(child, base, nr, 7);
        assertEquals(0xff, parent.load(base).value());
        assertAllMemoryBack(parent, child);
    }

    @OnEveryArchitecture
    void aCollapseAfterForkNeverReachesTheChild(String arch) {
        Process parent = boot(arch);
        build(parent, Layout.PTE_MAPPED_THP);
        Process child = parent.fork();
        assertEquals(true, parent.collapse(base, pmd),
                "fork write-protected every PTE, which MADV_COLLAPSE does not mind: the shared pages are copied");
        for (int i = 0; i < nr; i++) {
            parent.store(base + i * page, 0xfe);
        }
        assertFilled(child, base, nr, 7);
        assertAllMemoryBack(parent, child);
    }

    @OnEveryArchitecture
    void writingOnePrivateMappingOfTheHugeZeroPageLeavesTheOtherZero(String arch) {
        Process p = boot(arch);
        thp("enabled", "madvise");
        p.mmapAnonymous(base, pmd, PROT_READ | PROT_WRITE);
        p.mmapAnonymous(base + 2 * pmd, pmd, PROT_READ | PROT_WRITE);
        p.madvise(base, pmd, Advice.HUGEPAGE);
        p.madvise(base + 2 * pmd, pmd, Advice.HUGEPAGE);
        assertEquals(0, p.load(base + page).value());
        assertEquals(0, p.load(base + 2 * pmd + page).value());
        assertEquals("Z.Z", p.layout(base, 3 * pmd));
        p.store(base + page, 0xff);
        assertEquals("H.Z", p.layout(base, 3 * pmd));
        assertEquals(0, p.load(base + 2 * pmd + page).value());
        assertEquals(0xff, p.load(base + page).value());
        assertAllMemoryBack(p);
    }
}
