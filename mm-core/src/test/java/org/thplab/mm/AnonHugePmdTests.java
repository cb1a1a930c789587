package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import org.thplab.mm.page.PageFlags;
import org.thplab.mm.stat.VmStat;

/** The core's side of anonymous THP on every architecture: map, fork, COW, split, zap, the huge zero page. */
class AnonHugePmdTests {

    private Process mapped(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        return p;
    }

    @OnEveryArchitecture
    void aWriteFaultMapsANewThpByOnePmd(TestKernel k) {
        Process p = mapped(k);
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base, true));
        assertEquals(Access.OK, p.store(k.base + 5 * k.page, 7), "writable through the PMD");
        assertEquals(new Smaps(2 * k.pmd, k.pmd, k.pmd, k.pmd, 0), p.smaps(k.base, 2 * k.pmd));
        assertEquals(k.pmd, k.kernel.meminfo().anonHugePages());
        assertEquals(7, p.load(k.base + 5 * k.page).value());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aMappingThatCannotHoldTheExtentFallsBack(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base + k.page, k.pmd, PROT_READ | PROT_WRITE);
        assertFalse(MmInternals.faultHugeAnonymous(p, k.base + k.pmd / 2, true), "the aligned extent is not inside the VMA");
        assertEquals(Access.OK, p.store(k.base + k.pmd / 2, 1));
        assertEquals(k.page, p.smaps(k.base, 2 * k.pmd).rss());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aReadMapsTheHugeZeroPageWhichAWriteReplaces(TestKernel k) {
        Process p = mapped(k);
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base, false));
        assertEquals(new Load(Access.OK, 0), p.load(k.base + k.page));
        assertEquals(0, p.smaps(k.base, k.pmd).rss(), "the huge zero page is not resident memory");
        assertEquals(0, k.kernel.meminfo().anonHugePages());
        k.kernel.check();
        assertEquals(Access.OK, p.store(k.base + k.page, 3), "do_huge_pmd_wp_page: a fresh THP");
        assertEquals(k.pmd, p.smaps(k.base, k.pmd).anonHugePages());
        assertEquals(3, p.load(k.base + k.page).value());
        assertEquals(0, p.load(k.base + 2 * k.page).value());
        k.kernel.check();
        assertTrue(k.kernel.huge().zeroPage().shrink(), "unused, the shrinker frees it");
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void forkWriteProtectsBothAndAWriteCopiesTheWholeThp(TestKernel k) {
        Process parent = mapped(k);
        MmInternals.faultHugeAnonymous(parent, k.base, true);
        parent.store(k.base, 1);
        Process child = parent.fork();
        k.kernel.check();
        assertEquals(k.pmd, k.kernel.meminfo().anonHugePages(), "one THP, counted once");
        assertEquals(k.pmd, child.smaps(k.base, k.pmd).anonHugePages(), "each process shows it");
        assertEquals(Access.OK, child.store(k.base + k.page, 2));
        assertEquals(2 * k.pmd, k.kernel.meminfo().anonHugePages(), "Linux 4.6 copies the whole huge page");
        assertEquals(1, child.load(k.base).value(), "the copy carries every byte");
        assertEquals(0, parent.load(k.base + k.page).value());
        k.kernel.check();
        assertEquals(Access.OK, parent.store(k.base + k.page, 5), "mapped once again: reused");
        assertEquals(2 * k.pmd, k.kernel.meminfo().anonHugePages());
        k.assertAllMemoryBack(null, parent, child);
    }

    @OnEveryArchitecture
    void partialMunmapSplitsThePmdAndQueuesTheThp(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.store(k.base, 9);
        long splits = k.kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PMD);
        p.munmap(k.base + k.pmd - k.page, k.page);
        k.kernel.check();
        assertEquals(splits + 1, k.kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PMD));
        Smaps s = p.smaps(k.base, k.pmd);
        assertEquals(k.pmd - k.page, s.rss());
        assertEquals(0, s.anonHugePages(), "PTE-mapped now");
        assertEquals(0, k.kernel.meminfo().anonHugePages());
        assertTrue(k.kernel.machine().deferredSplitQueue().size() == 1, "partly unmapped: a deferred split candidate");
        long head = k.kernel.machine().deferredSplitQueue().iterator().next();
        assertTrue(k.kernel.machine().map.test(head, PageFlags.DEFERRED_SPLIT), "queued, and flagged so");
        assertEquals(9, p.load(k.base).value());
        k.assertAllMemoryBack(null, p);
        assertTrue(k.kernel.machine().deferredSplitQueue().isEmpty(), "freed THPs leave the queue");
        assertFalse(k.kernel.machine().map.test(head, PageFlags.DEFERRED_SPLIT), "and their flag");
    }

    @OnEveryArchitecture
    void theCheckerReconcilesTheDeferredSplitFlagWithTheQueue(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        long head = k.kernel.memory().translate(MmInternals.mm(p), k.base, false);
        k.kernel.machine().map.set(head, PageFlags.DEFERRED_SPLIT); // flagged, never queued
        InvariantViolation v = assertThrows(InvariantViolation.class, k.kernel::check);
        assertTrue(v.getMessage().contains("flagged deferred-split but not on the deferred split queue"), v.getMessage());
        k.kernel.machine().map.clear(head, PageFlags.DEFERRED_SPLIT);
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aPartialMprotectSplitsAndKeepsWriteAccessWhereItRemains(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.mprotect(k.base, k.page, PROT_READ);
        assertEquals(Access.SEGV, p.store(k.base, 1));
        assertEquals(Access.OK, p.store(k.base + k.page, 1), "the split kept write permission on the rest");
        assertEquals(k.pmd, p.smaps(k.base, k.pmd).rss());
        k.kernel.check();
        p.mprotect(k.base + k.pmd, k.pmd, PROT_READ);
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void splittingTheHugeZeroPmdMapsSmallZeroPages(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, false);
        p.madvise(k.base, k.page, Advice.DONTNEED);
        k.kernel.check();
        assertEquals(new Load(Access.OK, 0), p.load(k.base + 2 * k.page));
        assertEquals(Access.OK, p.store(k.base + 2 * k.page, 4), "COW of the small zero page");
        assertEquals(k.page, p.smaps(k.base, k.pmd).rss());
        k.kernel.huge().zeroPage().shrink();
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void anAlignedMremapMovesTheThpWhole(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.store(k.base, 6);
        p.mremap(k.base, k.pmd, k.base + 8 * k.pmd, k.pmd);
        assertEquals(k.pmd, p.smaps(k.base + 8 * k.pmd, k.pmd).anonHugePages());
        assertEquals(6, p.load(k.base + 8 * k.pmd).value());
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void collapseCopiesResidentPagesIntoAThpAndDepositsTheOldTable(TestKernel k) {
        Process p = mapped(k);
        p.store(k.base, 1);
        p.store(k.base + 3 * k.page, 3);
        p.load(k.base + 5 * k.page); // the zero page: a hole for collapse
        long before = k.kernel.freeFrames();
        assertTrue(p.collapse(k.base, 2 * k.pmd - k.page), "the first extent collapses; the second is not whole");
        k.kernel.check();
        Smaps s = p.smaps(k.base, k.pmd);
        assertEquals(k.pmd, s.anonHugePages());
        assertEquals(k.pmd, s.rss());
        assertEquals(1, p.load(k.base).value());
        assertEquals(3, p.load(k.base + 3 * k.page).value());
        assertEquals(0, p.load(k.base + 5 * k.page).value());
        assertTrue(k.kernel.freeFrames() < before, "a huge page taken, two small ones given back");
        assertTrue(p.collapse(k.base, k.pmd), "collapsing a THP again succeeds");
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void collapseCopiesSharedPagesAndNeedsNoWritablePte(TestKernel k) {
        Process p = mapped(k);
        assertFalse(p.collapse(k.base, k.pmd), "nothing resident");
        p.store(k.base, 1);
        Process child = p.fork();
        assertTrue(p.collapse(k.base, k.pmd),
                "fork left the only PTE read-only, which MADV_COLLAPSE does not mind (6.18, issue 13 item 7)");
        k.kernel.check();
        assertEquals("H.", p.layout(k.base, 2 * k.pmd));
        assertEquals(1, p.load(k.base).value());
        assertEquals(1, child.load(k.base).value());
        assertEquals(k.page, child.smaps(k.base, 2 * k.pmd).rss(), "the child's page is its own again");
        p.store(k.base + k.page, 2);
        assertEquals(2, p.load(k.base + k.page).value());
        assertEquals(0, child.load(k.base + k.page).value());
        k.kernel.check();
        child.exit();
        p.store(k.base + k.pmd, 3);
        p.madvise(k.base + k.pmd, k.pmd, Advice.NOHUGEPAGE);
        assertFalse(p.collapse(k.base + k.pmd, k.pmd), "MADV_NOHUGEPAGE");
        p.madvise(k.base + k.pmd, k.pmd, Advice.HUGEPAGE);
        assertTrue(p.collapse(k.base + k.pmd, k.pmd));
        assertEquals("HH", p.layout(k.base, 2 * k.pmd));
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void reclaimSplitsDeferredThpsAndFreesWhatNothingMaps(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.store(k.base, 4);
        Process child = p.fork();
        p.munmap(k.base + k.page, k.pmd - k.page); // the parent keeps one page; the child still maps it all
        assertEquals(1, k.kernel.machine().deferredSplitQueue().size());
        long before = k.kernel.freeFrames();
        assertEquals(0, k.kernel.reclaim(), "the child's PMD still maps every subpage: split, nothing freed");
        assertEquals(before, k.kernel.freeFrames());
        assertEquals(1, k.kernel.vmstat().get("thp_split_page"));
        assertEquals(0, k.kernel.meminfo().anonHugePages(), "the child's PMD was split too");
        assertEquals(4, child.load(k.base).value());
        k.kernel.check();
        child.munmap(k.base, k.pmd);
        k.kernel.check();
        assertEquals(4, p.load(k.base).value(), "small pages now, each with its own references");
        k.assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void aPinnedThpIsNotSplit(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.munmap(k.base + k.pmd / 2, k.pmd / 2);
        long pin = MmInternals.getUserPage(p, k.base, false);
        k.kernel.reclaim();
        assertEquals(1, k.kernel.vmstat().get("thp_split_page_failed"));
        MmInternals.putUserPage(p, pin);
        assertTrue(k.kernel.reclaim() > 0, "unpinned, the split frees the unmapped half");
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void pageRunsStopAtTheFirstFaultAndCountMismatches(TestKernel k) {
        Process p = mapped(k);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.mprotect(k.base + k.pmd + 2 * k.page, k.page, PROT_READ);
        Process.PagesAccess w = p.storePages(k.base, 2 * k.pmd, 7);
        assertEquals(new Process.PagesAccess(Access.SEGV, k.base + k.pmd + 2 * k.page, 0), w, "stops at the read-only page");
        Process.PagesAccess v = p.verifyPages(k.base, 2 * k.pmd, 7);
        assertEquals(Access.OK, v.access());
        assertEquals(k.g.hpagePmdNr() - 2, v.mismatches(), "all but the two written pages after the THP");
        assertEquals(7, p.load(k.base + k.pmd - k.page).value(), "the THP's pages were written through one walk");
        assertEquals(new Process.PagesAccess(Access.SEGV, k.base + 2 * k.pmd, 2), p.verifyPages(k.base + k.pmd, 2 * k.pmd, 0),
                "the two written pages differ from 0, then the region ends");
        k.assertAllMemoryBack(null, p);
    }

    /** The PTE of {@code addr} in {@code p}'s tables. */
    private static long pteOf(TestKernel k, Process p, long addr) {
        return p.mm().pageTables().pmdTable(addr).child(k.g.pmdIndex(addr)).get(k.g.pteIndex(addr));
    }

    @OnEveryArchitecture
    void splittingAPmdKeepsItsWriteYoungAndDirtyBitsInEveryPte(TestKernel k) {
        Process p = mapped(k);
        var pmdCodec = k.kernel.architecture().pmd();
        var pte = k.kernel.architecture().pte();
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base, true));
        assertEquals(Access.OK, p.store(k.base, 1));
        p.mprotect(k.base, k.page, PROT_READ); // split: the rest keep the PMD's bits
        long e = pteOf(k, p, k.base + 2 * k.page);
        assertTrue(pte.write(e) && pte.young(e) && pte.dirty(e), Long.toHexString(e));
        assertFalse(pte.write(pteOf(k, p, k.base)), "the page mprotect made read-only");

        assertTrue(MmInternals.faultHugeAnonymous(p, k.base + k.pmd, true));
        var table = p.mm().pageTables().pmdTable(k.base + k.pmd);
        int i = k.g.pmdIndex(k.base + k.pmd);
        table.set(i, pmdCodec.mkold(table.get(i))); // as page reclaim's test-and-clear-young would leave it
        Process child = p.fork(); // write-protects the PMD on both sides
        child.mprotect(k.base + k.pmd, k.page, PROT_READ);
        e = pteOf(k, child, k.base + k.pmd + 2 * k.page);
        assertFalse(pte.write(e), "write-protected by fork: the split keeps it so");
        assertFalse(pte.young(e), "old stays old");
        assertTrue(pte.dirty(e), "a new anonymous THP is dirty from the start");
        k.kernel.check();
        k.assertAllMemoryBack(null, p, child);
    }
}
