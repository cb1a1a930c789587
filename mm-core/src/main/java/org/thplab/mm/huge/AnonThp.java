package org.thplab.mm.huge;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;

/**
 * The mechanisms of anonymous transparent huge pages in mm/huge_memory.c (Linux 4.6): mapping
 * a new THP, reusing or copying one on a write fault, and split_huge_page of a THP on the
 * deferred split queue. The policy choosing between them is the anonymous-memory plugin's.
 */
public final class AnonThp {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final Rmap rmap;
    private final int nr;
    private final HugeZeroPage zero;
    private final HugeMemory huge;

    AnonThp(Machine m, Rmap rmap, HugeZeroPage zero, HugeMemory huge) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.nr = g.hpagePmdNr();
        this.zero = zero;
        this.huge = huge;
    }

    /**
     * The mechanism half of do_huge_pmd_anonymous_page() for a write: a new zeroed THP mapped
     * at {@code haddr} (the anonymous-memory plugin has decided it should be, and counts).
     *
     * @return {@link FaultReply#OK}; {@link FaultReply#OOM} without a huge page or a page
     *         table; {@link FaultReply#FALLBACK} if the slot was taken meanwhile
     */
    public int mapNewHugePage(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        long head = m.buddy.allocPages(g.hpagePmdOrder());
        if (head < 0) {
            return FaultReply.OOM;
        }
        m.prepCompoundPage(head);
        map.set(head, PageFlags.UPTODATE);
        int r = setAnonHugePmd(mm, vma, table, haddr, head);
        if (r != FaultReply.OK) {
            m.putPage(head);
        }
        return r;
    }

    /**
     * The second half of do_huge_pmd_anonymous_page(): maps the new, zeroed THP at {@code head}
     * (prepared as a compound page, one reference) by a huge PMD at {@code haddr}, writable and
     * dirty if the VMA is writable, with a table deposited.
     *
     * @return {@link FaultReply#OK}; {@link FaultReply#OOM} if no table could be had, or
     *         {@link FaultReply#FALLBACK} if the slot was taken meanwhile: in both the caller
     *         still owns the page
     */
    public int setAnonHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long head) {
        if (!map.test(head, PageFlags.HEAD)) {
            throw HugeMemory.bug(map, "do_huge_pmd_anonymous_page", head, "expected the head of a compound page");
        }
        PteTableImpl pgtable = mm.pageTables().pteAllocOne();
        if (pgtable == null) {
            return FaultReply.OOM;
        }
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.none(table.get(g.pmdIndex(haddr)))) {
                mm.pageTables().pteFree(pgtable);
                return FaultReply.FALLBACK;
            }
            long entry = pmd.mkHuge(head, vma.pageProt());
            if (vma.has(VmFlag.WRITE)) {
                entry = pmd.mkwrite(pmd.mkdirty(entry)); // maybe_pmd_mkwrite(pmd_mkdirty())
            }
            rmap.pageAddNewAnonRmapCompound(head, nr, vma.anonVma(), vma.linearPageIndex(haddr, g.pageShift()));
            arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable);
            arch.setPmdAt(mm, haddr, table, entry);
            mm.addRss(MmStruct.Counter.ANON, nr);
            mm.nrPtes().incrementAndGet();
            arch.updateMmuCachePmd(mm, haddr, table);
            return FaultReply.OK;
        } finally {
            pml.unlock();
        }
    }

    /**
     * split_huge_page() of an anonymous THP: every PMD mapping of it (found by walking
     * {@code mms}, the model's reverse map for anonymous pages) is split into PTEs, then the
     * compound page becomes HPAGE_PMD_NR small pages, each holding one reference per PTE
     * mapping it; subpages nothing maps are freed, and so are those holding only zeroes if
     * the policy maps them to the shared zero page instead (6.12+). Refused (false) if the page is pinned: its
     * references are more than its mappings.
     */
    public boolean splitHugePage(long head, Collection<MmStruct> mms) {
        if (!map.test(head, PageFlags.HEAD) || !map.test(head, PageFlags.ANON)) {
            return false;
        }
        for (MmStruct mm : mms) {
            mm.mmapLock().writeLock().lock();
            try {
                for (Vma vma : mm.vmas().all()) {
                    if (!vma.isAnonymous()) {
                        continue;
                    }
                    for (long haddr = (vma.start() + g.pmdSize() - 1) & g.pmdMask(); haddr + g.pmdSize() <= vma.end();
                            haddr += g.pmdSize()) {
                        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
                        long v = table == null ? 0 : table.get(g.pmdIndex(haddr));
                        if (pmd.transHuge(v) && pmd.pfn(v) == head) {
                            huge.splitHugePmd(mm, vma, table, haddr);
                        }
                    }
                }
            } finally {
                mm.mmapLock().writeLock().unlock();
            }
        }
        long mapped = 0;
        for (int k = 0; k < nr; k++) {
            mapped += map.mapcount(head + k);
        }
        if (map.priv(head) != 0 || map.refcount(head) != mapped) {
            m.stat.count(VmStat.Event.THP_SPLIT_PAGE_FAILED);
            return false;
        }
        m.dropFromDeferredSplit(head);
        map.setPriv(head, 0);
        for (int k = 0; k < nr; k++) {
            long p = head + k;
            map.clear(p, PageFlags.HEAD | PageFlags.TAIL);
            int mc = map.mapcount(p);
            map.setRefcount(p, mc);
            if (mc == 0) {
                map.clear(p, ~0);
                m.buddy.freePages(p, 0);
            }
        }
        if (huge.faults().anonymousMemory().splitMapsZeroPage()) {
            for (int k = 0; k < nr; k++) {
                huge.deferredSplit().mapUnusedToZeroPage(head + k, mms);
            }
        }
        m.stat.count(VmStat.Event.THP_SPLIT_PAGE);
        return true;
    }

    /**
     * The reuse half of do_huge_pmd_wp_page(): the PMD {@code orig} becomes writable, dirty
     * and young in place. Always {@link FaultReply#OK}; if the PMD changed meanwhile the
     * access retries.
     */
    public int reuseHugePmd(MmStruct mm, PmdTableImpl table, long haddr, long orig) {
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (pmd.same(table.get(g.pmdIndex(haddr)), orig)) {
                long entry = pmd.mkwrite(pmd.mkdirty(pmd.mkyoung(orig)));
                if (arch.pmdpSetAccessFlags(mm, haddr, table, entry, true)) {
                    arch.updateMmuCachePmd(mm, haddr, table);
                }
            }
            return FaultReply.OK;
        } finally {
            pml.unlock();
        }
    }

    /**
     * The copy half of do_huge_pmd_wp_page() (Linux 4.6): the page mapped by the PMD
     * {@code orig} (zeros for the huge zero page) is copied into a new THP mapped writable in
     * its place; the old one loses this mapping (and goes on the deferred split queue if
     * PTEs still map part of it).
     *
     * @return {@link FaultReply#OK} (also if the PMD changed meanwhile: the access retries);
     *         {@link FaultReply#OOM} without a huge page, nothing changed
     */
    public int wpHugePageCopy(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long orig) {
        boolean fromZero = zero.isHugeZeroPmd(orig);
        long old = pmd.pfn(orig);
        long fresh = m.buddy.allocPages(g.hpagePmdOrder());
        if (fresh < 0) {
            return FaultReply.OOM;
        }
        m.prepCompoundPage(fresh);
        for (int k = 0; k < nr; k++) {
            map.setContent(fresh + k, fromZero ? 0 : map.content(old + k));
        }
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.same(table.get(g.pmdIndex(haddr)), orig)) {
                m.putPage(fresh);
                return FaultReply.OK; // raced: the access retries
            }
            arch.pmdpHugeClearFlush(mm, haddr, table);
            rmap.pageAddNewAnonRmapCompound(fresh, nr, vma.anonVma(), vma.linearPageIndex(haddr, g.pageShift()));
            arch.setPmdAt(mm, haddr, table, pmd.mkwrite(pmd.mkdirty(pmd.mkHuge(fresh, vma.pageProt()))));
            arch.updateMmuCachePmd(mm, haddr, table);
            if (fromZero) {
                mm.addRss(MmStruct.Counter.ANON, nr);
            } else if (rmap.pageRemoveRmapCompound(old, nr)) {
                m.deferredSplitHugePage(old);
            }
        } finally {
            pml.unlock();
        }
        if (fromZero) {
            zero.put();
        } else {
            m.putPage(old);
        }
        return FaultReply.OK;
    }
}
