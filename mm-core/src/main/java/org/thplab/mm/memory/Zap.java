package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PmdWalk;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;

/** memory.c's zap_page_range() and free_pgtables(): unmapping ranges and freeing emptied PTE tables. */
final class Zap implements PmdWalk.Visitor<MmStruct, Vma> {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final MemMap map;
    private final Rmap rmap;
    private final HugePmdOps huge;
    private final PmdWalk walk;
    private final FreeTables freeTables = new FreeTables();

    Zap(Machine m, Rmap rmap, HugePmdOps huge) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.map = m.map;
        this.rmap = rmap;
        this.huge = huge;
        this.walk = new PmdWalk(g, pmd);
    }

    /**
     * unmap_page_range() / zap_page_range(): removes every mapping of {@code vma} in {@code [start, end)} and
     * flushes the TLB once. A huge PMD wholly inside is zapped whole; one that straddles the
     * range is split first. With zap_details' {@code fileOnly}, anonymous (COW) pages stay.
     */
    void zapRange(MmStruct mm, Vma vma, long start, long end, boolean fileOnly) {
        mm.mmuNotifierInvalidateRange(start, end);
        walk.walk(mm.pageTables(), start, end, mm, vma, fileOnly ? 1 : 0, this);
        arch.flushTlbRange(mm, start, end);
    }

    /** zap_pmd_range()'s huge branch: a whole extent is zapped whole, a part of one split first. */
    @Override
    public int huge(MmStruct mm, Vma vma, int fileOnly, PmdTableImpl table, long addr, long next) {
        long extent = addr & g.pmdMask();
        if (addr == extent && next == extent + g.pmdSize()) {
            // not huge any more under its lock: whatever the slot holds now is walked as it is
            return huge.zapHugePmd(mm, vma, table, extent) ? PmdWalk.NEXT : PmdWalk.AS_TABLE;
        }
        huge.splitHugePmd(mm, vma, table, addr);
        return PmdWalk.AS_TABLE;
    }

    @Override
    public int table(MmStruct mm, Vma vma, int fileOnly, PmdTableImpl table, PteTableImpl t, long addr, long next) {
        zapPteRange(mm, t, addr, next, fileOnly != 0);
        return PmdWalk.NEXT;
    }

    /** zap_pte_range() with zap_details: {@code fileOnly} keeps anonymous (COW) pages. */
    private void zapPteRange(MmStruct mm, PteTableImpl t, long start, long end, boolean fileOnly) {
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            for (long addr = start; addr < end; addr += g.pageSize()) {
                int j = g.pteIndex(addr);
                long e = t.get(j);
                if (pte.none(e) || (fileOnly && !pte.special(e) && map.test(pte.pfn(e), PageFlags.ANON))) {
                    continue;
                }
                t.set(j, 0L);
                if (pte.special(e)) {
                    continue;
                }
                long pfn = pte.pfn(e);
                mm.addRss(rmap.mmCounter(pfn), -1);
                removePteMapping(pfn);
                m.putPage(pfn);
            }
        } finally {
            ptl.unlock();
        }
    }

    /**
     * free_pgtables(): frees the PTE tables of the PMD extents in {@code [start, end)} that no
     * VMA touches any more. The tables must have been zapped.
     */
    public void freePgtables(MmStruct mm, long start, long end) {
        walk.walk(mm.pageTables(), start & g.pmdMask(), end, mm, null, 0, freeTables);
    }

    /** free_pgd_range()'s PMD level: an extent's PTE table goes once no VMA touches the extent. */
    private final class FreeTables implements PmdWalk.Visitor<MmStruct, Void> {
        @Override
        public int table(MmStruct mm, Void unused, int arg, PmdTableImpl table, PteTableImpl t, long addr, long next) {
            if (mm.vmas().anyIn(addr, addr + g.pmdSize())) {
                return PmdWalk.NEXT;
            }
            ReentrantLock ptl = arch.pmdLockptr(mm, table);
            ptl.lock();
            try {
                table.set(g.pmdIndex(addr), 0L); // pmd_clear()
            } finally {
                ptl.unlock();
            }
            for (int j = 0; j < t.size(); j++) {
                if (!pte.none(t.get(j))) {
                    throw new IllegalStateException(String.format("%s: freeing the PTE table of %#x with entry %d = %#x",
                            mm, addr, j, t.get(j)));
                }
            }
            mm.pageTables().pteFree(t);
            mm.nrPtes().decrementAndGet();
            return PmdWalk.NEXT;
        }
    }

    /** page_remove_rmap() of a PTE mapping; a THP losing one goes on the deferred split queue. */
    void removePteMapping(long pfn) {
        rmap.pageRemoveRmap(pfn);
        if (map.test(pfn, PageFlags.ANON) && (map.flags(pfn) & (PageFlags.HEAD | PageFlags.TAIL)) != 0) {
            m.deferredSplitHugePage(m.compoundHead(pfn));
        }
    }

}
