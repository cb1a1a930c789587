package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.stat.VmStat;

/**
 * The huge zero page of mm/huge_memory.c: one zeroed huge page, allocated on first use,
 * mapped read-only by the huge PMDs of read faults, referenced once per such PMD plus once by
 * itself (huge_zero_refcount), and freed by its shrinker when nothing maps it.
 */
public final class HugeZeroPage {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final MemMap map;
    /** The huge zero page's frame, or -1 while none is allocated. */
    private volatile long pfn = -1;

    HugeZeroPage(Machine m) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.map = m.map;
    }

    /** get_huge_zero_page(): the huge zero page with one reference more, allocated on first use; -1 if none can be. */
    public synchronized long get() {
        if (pfn < 0) {
            long fresh = m.buddy.allocPages(g.hpagePmdOrder());
            if (fresh < 0) {
                return -1;
            }
            map.set(fresh, PageFlags.RESERVED | PageFlags.UPTODATE);
            m.stat.count(VmStat.Event.THP_ZERO_PAGE_ALLOC);
            pfn = fresh; // the allocation's reference is the cache's own (huge_zero_refcount 1)
        }
        map.addRefcount(pfn, 1);
        return pfn;
    }

    /** put_huge_zero_page(). */
    public void put() {
        if (map.addRefcount(pfn, -1) < 1) {
            throw bug("put_huge_zero_page", pfn, "the cache's own reference was dropped");
        }
    }

    /** The shrinker of the huge zero page: frees it when only the cache holds it; true if it did. */
    public synchronized boolean shrink() {
        if (pfn < 0 || map.refcount(pfn) != 1) {
            return false;
        }
        map.setRefcount(pfn, 0);
        map.clear(pfn, PageFlags.RESERVED | PageFlags.UPTODATE);
        m.buddy.freePages(pfn, g.hpagePmdOrder());
        pfn = -1;
        return true;
    }

    /** is_huge_zero_pmd(). */
    public boolean isHugeZeroPmd(long pmdval) {
        return pfn >= 0 && pmd.transHuge(pmdval) && pmd.pfn(pmdval) == pfn;
    }

    /** The huge zero page's frame, or -1; for the invariant checker. */
    public long pfn() {
        return pfn;
    }

    /**
     * set_huge_zero_page(): a read fault maps the huge zero page read-only, with a table
     * deposited and one reference of the zero page taken.
     *
     * @return {@link FaultReply#OK}; {@link FaultReply#OOM} if there is no huge zero page or
     *         no table; {@link FaultReply#FALLBACK} if the slot was taken
     */
    public int setHugeZeroPmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        long zero = get();
        if (zero < 0) {
            return FaultReply.OOM;
        }
        PteTableImpl pgtable = mm.pageTables().pteAllocOne();
        if (pgtable == null) {
            put();
            return FaultReply.OOM;
        }
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.none(table.get(g.pmdIndex(haddr)))) {
                mm.pageTables().pteFree(pgtable);
                put();
                return FaultReply.FALLBACK;
            }
            arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable);
            arch.setPmdAt(mm, haddr, table, pmd.mkHuge(zero, vma.pageProt()));
            mm.nrPtes().incrementAndGet();
            return FaultReply.OK;
        } finally {
            pml.unlock();
        }
    }

    private IllegalStateException bug(String function, long pfn, String problem) {
        return new IllegalStateException(String.format("%s: pfn %#x: %s", function, pfn, problem));
    }
}
