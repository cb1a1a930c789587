package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import org.thplab.mm.stat.VmStat;

/** The core's side of anonymous THP on every architecture: map, fork, COW, split, zap, the huge zero page. */
class AnonHugePmdTests extends KernelTestBase {

    private Process mapped(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 2 * pmd, PROT_READ | PROT_WRITE);
        return p;
    }

    @OnEveryArchitecture
    void aWriteFaultMapsANewThpByOnePmd(String arch) {
        Process p = mapped(arch);
        assertTrue(MmInternals.faultHugeAnonymous(p, base, true));
        assertEquals(Access.OK, p.store(base + 5 * page, 7), "writable through the PMD");
        assertEquals(new Smaps(2 * pmd, pmd, pmd, pmd, 0), p.smaps(base, 2 * pmd));
        assertEquals(pmd, kernel.meminfo().anonHugePages());
        assertEquals(7, p.load(base + 5 * page).value());
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aMappingThatCannotHoldTheExtentFallsBack(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base + page, pmd, PROT_READ | PROT_WRITE);
        assertFalse(MmInternals.faultHugeAnonymous(p, base + pmd / 2, true), "the aligned extent is not inside the VMA");
        assertEquals(Access.OK, p.store(base + pmd / 2, 1));
        assertEquals(page, p.smaps(base, 2 * pmd).rss());
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aReadMapsTheHugeZeroPageWhichAWriteReplaces(String arch) {
        Process p = mapped(arch);
        assertTrue(MmInternals.faultHugeAnonymous(p, base, false));
        assertEquals(new Load(Access.OK, 0), p.load(base + page));
        assertEquals(0, p.smaps(base, pmd).rss(), "the huge zero page is not resident memory");
        assertEquals(0, kernel.meminfo().anonHugePages());
        kernel.check();
        assertEquals(Access.OK, p.store(base + page, 3), "do_huge_pmd_wp_page: a fresh THP");
        assertEquals(pmd, p.smaps(base, pmd).anonHugePages());
        assertEquals(3, p.load(base + page).value());
        assertEquals(0, p.load(base + 2 * page).value());
        kernel.check();
        assertTrue(kernel.huge().zeroPage().shrink(), "unused, the shrinker frees it");
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void forkWriteProtectsBothAndAWriteCopiesTheWholeThp(String arch) {
        Process parent = mapped(arch);
        MmInternals.faultHugeAnonymous(parent, base, true);
        parent.store(base, 1);
        Process child = parent.fork();
        kernel.check();
        assertEquals(pmd, kernel.meminfo().anonHugePages(), "one THP, counted once");
        assertEquals(pmd, child.smaps(base, pmd).anonHugePages(), "each process shows it");
        assertEquals(Access.OK, child.store(base + page, 2));
        assertEquals(2 * pmd, kernel.meminfo().anonHugePages(), "Linux 4.6 copies the whole huge page");
        assertEquals(1, child.load(base).value(), "the copy carries every byte");
        assertEquals(0, parent.load(base + page).value());
        kernel.check();
        assertEquals(Access.OK, parent.store(base + page, 5), "mapped once again: reused");
        assertEquals(2 * pmd, kernel.meminfo().anonHugePages());
        assertAllMemoryBack(null, parent, child);
    }

    @OnEveryArchitecture
    void partialMunmapSplitsThePmdAndQueuesTheThp(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.store(base, 9);
        long splits = kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PMD);
        p.munmap(base + pmd - page, page);
        kernel.check();
        assertEquals(splits + 1, kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PMD));
        Smaps s = p.smaps(base, pmd);
        assertEquals(pmd - page, s.rss());
        assertEquals(0, s.anonHugePages(), "PTE-mapped now");
        assertEquals(0, kernel.meminfo().anonHugePages());
        assertTrue(kernel.machine().deferredSplitQueue().size() == 1, "partly unmapped: a deferred split candidate");
        assertEquals(9, p.load(base).value());
        assertAllMemoryBack(null, p);
        assertTrue(kernel.machine().deferredSplitQueue().isEmpty(), "freed THPs leave the queue");
    }

    @OnEveryArchitecture
    void aPartialMprotectSplitsAndKeepsWriteAccessWhereItRemains(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.mprotect(base, page, PROT_READ);
        assertEquals(Access.SEGV, p.store(base, 1));
        assertEquals(Access.OK, p.store(base + page, 1), "the split kept write permission on the rest");
        assertEquals(pmd, p.smaps(base, pmd).rss());
        kernel.check();
        p.mprotect(base + pmd, pmd, PROT_READ);
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void splittingTheHugeZeroPmdMapsSmallZeroPages(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, false);
        p.madvise(base, page, Advice.DONTNEED);
        kernel.check();
        assertEquals(new Load(Access.OK, 0), p.load(base + 2 * page));
        assertEquals(Access.OK, p.store(base + 2 * page, 4), "COW of the small zero page");
        assertEquals(page, p.smaps(base, pmd).rss());
        kernel.huge().zeroPage().shrink();
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void anAlignedMremapMovesTheThpWhole(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.store(base, 6);
        p.mremap(base, pmd, base + 8 * pmd, pmd);
        assertEquals(pmd, p.smaps(base + 8 * pmd, pmd).anonHugePages());
        assertEquals(6, p.load(base + 8 * pmd).value());
        kernel.check();
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void collapseCopiesResidentPagesIntoAThpAndDepositsTheOldTable(String arch) {
        Process p = mapped(arch);
        p.store(base, 1);
        p.store(base + 3 * page, 3);
        p.load(base + 5 * page); // the zero page: a hole for collapse
        long before = kernel.freeFrames();
        assertTrue(p.collapse(base, 2 * pmd - page), "the first extent collapses; the second is not whole");
        kernel.check();
        Smaps s = p.smaps(base, pmd);
        assertEquals(pmd, s.anonHugePages());
        assertEquals(pmd, s.rss());
        assertEquals(1, p.load(base).value());
        assertEquals(3, p.load(base + 3 * page).value());
        assertEquals(0, p.load(base + 5 * page).value());
        assertTrue(kernel.freeFrames() < before, "a huge page taken, two small ones given back");
        assertTrue(p.collapse(base, pmd), "collapsing a THP again succeeds");
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void collapseCopiesSharedPagesButNeedsAWritablePte(String arch) {
        Process p = mapped(arch);
        assertFalse(p.collapse(base, pmd), "nothing resident");
        p.store(base, 1);
        Process child = p.fork();
        assertFalse(p.collapse(base, pmd), "fork left the only PTE read-only");
        p.store(base + page, 2);
        assertTrue(p.collapse(base, pmd), "the shared page is copied; the child keeps the original");
        assertEquals("H.", p.layout(base, 2 * pmd));
        assertEquals(1, p.load(base).value());
        assertEquals(2, p.load(base + page).value());
        assertEquals(1, child.load(base).value());
        assertEquals(page, child.smaps(base, 2 * pmd).rss(), "the child's page is its own again");
        kernel.check();
        child.exit();
        p.store(base + pmd, 3);
        p.madvise(base + pmd, pmd, Advice.NOHUGEPAGE);
        assertFalse(p.collapse(base + pmd, pmd), "MADV_NOHUGEPAGE");
        p.madvise(base + pmd, pmd, Advice.HUGEPAGE);
        assertTrue(p.collapse(base + pmd, pmd));
        assertEquals("HH", p.layout(base, 2 * pmd));
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void reclaimSplitsDeferredThpsAndFreesWhatNothingMaps(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.store(base, 4);
        Process child = p.fork();
        p.munmap(base + page, pmd - page); // the parent keeps one page; the child still maps it all
        assertEquals(1, kernel.machine().deferredSplitQueue().size());
        long free = kernel.freeFrames();
        assertEquals(0, kernel.reclaim(), "the child's PMD still maps every subpage: split, nothing freed");
        assertEquals(free, kernel.freeFrames());
        assertEquals(1, kernel.vmstat().get("thp_split_page"));
        assertEquals(0, kernel.meminfo().anonHugePages(), "the child's PMD was split too");
        assertEquals(4, child.load(base).value());
        kernel.check();
        child.munmap(base, pmd);
        kernel.check();
        assertEquals(4, p.load(base).value(), "small pages now, each with its own references");
        assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void aPinnedThpIsNotSplit(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.munmap(base + pmd / 2, pmd / 2);
        long pin = MmInternals.getUserPage(p, base, false);
        kernel.reclaim();
        assertEquals(1, kernel.vmstat().get("thp_split_page_failed"));
        MmInternals.putUserPage(p, pin);
        assertTrue(kernel.reclaim() > 0, "unpinned, the split frees the unmapped half");
        kernel.check();
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void pageRunsStopAtTheFirstFaultAndCountMismatches(String arch) {
        Process p = mapped(arch);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.mprotect(base + pmd + 2 * page, page, PROT_READ);
        Process.PagesAccess w = p.storePages(base, 2 * pmd, 7);
        assertEquals(new Process.PagesAccess(Access.SEGV, base + pmd + 2 * page, 0), w, "stops at the read-only page");
        Process.PagesAccess v = p.verifyPages(base, 2 * pmd, 7);
        assertEquals(Access.OK, v.access());
        assertEquals(g.hpagePmdNr() - 2, v.mismatches(), "all but the two written pages after the THP");
        assertEquals(7, p.load(base + pmd - page).value(), "the THP's pages were written through one walk");
        assertEquals(new Process.PagesAccess(Access.SEGV, base + 2 * pmd, 2), p.verifyPages(base + pmd, 2 * pmd, 0),
                "the two written pages differ from 0, then the region ends");
        assertAllMemoryBack(null, p);
    }

    /** The PTE of {@code addr} in {@code p}'s tables. */
    private long pteOf(Process p, long addr) {
        return p.mm().pageTables().pmdTable(addr).child(g.pmdIndex(addr)).get(g.pteIndex(addr));
    }

    @OnEveryArchitecture
    void splittingAPmdKeepsItsWriteYoungAndDirtyBitsInEveryPte(String arch) {
        Process p = mapped(arch);
        var pmdCodec = kernel.architecture().pmd();
        var pte = kernel.architecture().pte();
        assertTrue(MmInternals.faultHugeAnonymous(p, base, true));
        assertEquals(Access.OK, p.store(base, 1));
        p.mprotect(base, page, PROT_READ); // split: the rest keep the PMD's bits
        long e = pteOf(p, base + 2 * page);
        assertTrue(pte.write(e) && pte.young(e) && pte.dirty(e), Long.toHexString(e));
        assertFalse(pte.write(pteOf(p, base)), "the page mprotect made read-only");

        assertTrue(MmInternals.faultHugeAnonymous(p, base + pmd, true));
        var table = p.mm().pageTables().pmdTable(base + pmd);
        int i = g.pmdIndex(base + pmd);
        table.set(i, pmdCodec.mkold(table.get(i))); // as page reclaim's test-and-clear-young would leave it
        Process child = p.fork(); // write-protects the PMD on both sides
        child.mprotect(base + pmd, page, PROT_READ);
        e = pteOf(child, base + pmd + 2 * page);
        assertFalse(pte.write(e), "write-protected by fork: the split keeps it so");
        assertFalse(pte.young(e), "old stays old");
        assertTrue(pte.dirty(e), "a new anonymous THP is dirty from the start");
        kernel.check();
        assertAllMemoryBack(null, p, child);
    }
}
