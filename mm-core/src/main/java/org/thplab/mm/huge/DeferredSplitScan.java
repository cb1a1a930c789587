package org.thplab.mm.huge;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;

/**
 * deferred_split_scan(), the shrinker that splits anonymous THPs under memory pressure: those
 * partly unmapped (on the deferred split queue) and, when the policy says so (thp_underused,
 * Linux 6.12+), wholly mapped ones whose subpages mostly hold zeroes. With the policy's
 * consent, the split maps the subpages that hold only zeroes to the shared zero page and
 * frees them (remap_page with RMP_USE_SHARED_ZEROPAGE).
 */
public final class DeferredSplitScan {
    private final Machine m;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final Rmap rmap;
    private final HugeZeroPage zero;
    private final int nr;

    DeferredSplitScan(Machine m, Rmap rmap, HugeZeroPage zero) {
        this.m = m;
        this.g = m.g;
        this.pmd = m.arch.pmd();
        this.pte = m.arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.zero = zero;
        this.nr = g.hpagePmdNr();
    }

    /**
     * The THPs the shrinker splits, in order: the queued ones, then those the policy finds
     * underused among the THPs mapped by a huge PMD in {@code mms}.
     */
    public List<Long> candidates(Collection<MmStruct> mms, AnonymousMemory policy) {
        Set<Long> heads = new LinkedHashSet<>(m.deferredSplitQueue());
        for (MmStruct mm : mms) {
            for (Vma vma : List.copyOf(mm.vmas().all())) {
                if (!vma.isAnonymous()) {
                    continue;
                }
                for (long haddr = (vma.start() + g.pmdSize() - 1) & g.pmdMask(); haddr + g.pmdSize() <= vma.end();
                        haddr += g.pmdSize()) {
                    PmdTableImpl table = mm.pageTables().pmdTable(haddr);
                    long v = table == null ? 0 : table.get(g.pmdIndex(haddr));
                    if (pmd.transHuge(v) && !zero.isHugeZeroPmd(v) && !heads.contains(pmd.pfn(v))
                            && policy.splitUnderused(zeroFilled(pmd.pfn(v)))) {
                        heads.add(pmd.pfn(v));
                    }
                }
            }
        }
        return List.copyOf(heads);
    }

    /** How many subpages of the THP at {@code head} hold only zeroes (pages_identical with ZERO_PAGE). */
    private int zeroFilled(long head) {
        int zeroes = 0;
        for (int k = 0; k < nr; k++) {
            if (map.content(head + k) == 0) {
                zeroes++;
            }
        }
        return zeroes;
    }

    /**
     * try_to_map_unused_to_zeropage() for every PTE in {@code mms} mapping the small page
     * {@code page}, just split off an anonymous THP, if it holds only zeroes: each such PTE
     * maps the shared zero page instead and the page loses that mapping and its reference.
     * The caller holds no mmap lock.
     */
    void mapUnusedToZeroPage(long page, Collection<MmStruct> mms) {
        if (map.content(page) != 0 || map.mapcount(page) == 0) {
            return;
        }
        long index = map.index(page);
        for (MmStruct mm : mms) {
            mm.mmapLock().writeLock().lock();
            try {
                for (Vma vma : mm.vmas().all()) {
                    long pages = (vma.end() - vma.start()) >>> g.pageShift();
                    if (vma.isAnonymous() && index >= vma.pgoff() && index < vma.pgoff() + pages) {
                        replaceByZeroPage(mm, vma, vma.start() + ((index - vma.pgoff()) << g.pageShift()), page);
                    }
                }
            } finally {
                mm.mmapLock().writeLock().unlock();
            }
        }
    }

    /** The PTE at {@code addr}, if it maps {@code page}, maps the shared zero page instead. */
    private void replaceByZeroPage(MmStruct mm, Vma vma, long addr, long page) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        long v = table == null ? 0 : table.get(g.pmdIndex(addr));
        if (pmd.none(v) || pmd.transHuge(v)) {
            return;
        }
        PteTableImpl t = table.child(g.pmdIndex(addr));
        ReentrantLock ptl = m.arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            long e = t.get(g.pteIndex(addr));
            if (!pte.present(e) || pte.special(e) || pte.pfn(e) != page) {
                return;
            }
            t.set(g.pteIndex(addr), pte.mkspecial(pte.mk(m.zeroPfn, vma.pageProt())));
            m.arch.flushTlbRange(mm, addr, addr + g.pageSize());
            mm.addRss(MmStruct.Counter.ANON, -1);
            rmap.pageRemoveRmap(page);
            m.putPage(page);
        } finally {
            ptl.unlock();
        }
    }
}
