package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;

/**
 * huge_memory.c's split of a huge PMD into PTEs: a team by the seed's remap_team_by_ptes, the
 * huge zero page into PTEs of the small zero page, an anonymous THP into PTEs of its subpages.
 */
final class HugeSplit {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final Rmap rmap;
    private final HugeZeroPage zero;
    private final TeamPmd team;
    private final FilePmd filePmd;
    private final int nr;

    HugeSplit(Machine m, Rmap rmap, HugeZeroPage zero, TeamPmd team, FilePmd filePmd) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.zero = zero;
        this.team = team;
        this.filePmd = filePmd;
        this.nr = g.hpagePmdNr();
    }

    /**
     * split_huge_pmd_address() as vma_adjust_trans_huge() uses it: before a VMA is cut at
     * {@code addr}, a huge PMD straddling the cut is split while the VMA is still whole, so
     * every PTE takes the protection of the VMA it will belong to.
     */
    public void splitHugePmdAddress(MmStruct mm, Vma vma, long addr) {
        if ((addr & ~g.pmdMask()) == 0) {
            return;
        }
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
            splitHugePmd(mm, vma, table, addr);
        }
    }


    /**
     * __split_huge_pmd(): a team mapping is remapped by PTEs (the seed); a compound file page's
     * PMD is only cleared (Linux 6.x: the next fault maps it again); the huge zero page becomes
     * 512 PTEs of the small zero page; an anonymous THP becomes PTEs of its subpages. The core
     * decides by the kind of page mapped, never by a global switch.
     */
    public void splitHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        if (!vma.isAnonymous()) {
            long v = table.get(g.pmdIndex(addr));
            if (pmd.transHuge(v) && FilePmd.isFileCompound(map, pmd.pfn(v))) {
                filePmd.splitFilePmd(mm, table, addr);
            } else {
                team.remapTeamByPtes(mm, vma, table, addr);
            }
            return;
        }
        long haddr = addr & g.pmdMask();
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(g.pmdIndex(haddr));
            if (!pmd.transHuge(v)) {
                return;
            }
            if (zero.isHugeZeroPmd(v)) {
                splitHugeZeroPagePmd(mm, vma, table, haddr);
            } else {
                splitHugePmdLocked(mm, vma, table, haddr, v);
            }
        } finally {
            pml.unlock();
        }
    }

    /** __split_huge_zero_page_pmd(): cleared (and flushed) first, then the table withdrawn and filled. */
    private void splitHugeZeroPagePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        arch.pmdpHugeClearFlush(mm, haddr, table);
        PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
        for (int k = 0; k < nr; k++) {
            pgtable.set(k, pte.mkspecial(pte.mk(m.zeroPfn, vma.pageProt())));
        }
        arch.pmdPopulate(mm, haddr, table, pgtable); // smp_wmb(): the PTEs are visible before the PMD
        zero.put();
    }

    /**
     * __split_huge_pmd_locked(), anonymous: the one path that withdraws before the PMD is
     * cleared. split_prepare first (ppc64 hash flushes its hash entries while the table is still
     * deposited), then withdraw and fill, then invalidate, then populate.
     */
    private void splitHugePmdLocked(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long v) {
        long head = pmd.pfn(v);
        boolean write = pmd.write(v);
        boolean young = pmd.young(v);
        boolean dirty = pmd.dirty(v);
        arch.pmdpHugeSplitPrepare(mm, haddr, table);
        PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
        map.addRefcount(head, nr - 1); // the PMD's one reference becomes one per PTE
        for (int k = 0; k < nr; k++) {
            long entry = pte.mk(head + k, vma.pageProt());
            entry = write ? pte.mkwrite(entry) : pte.wrprotect(entry);
            if (!young) {
                entry = pte.mkold(entry);
            }
            if (dirty) {
                entry = pte.mkdirty(entry);
                map.set(head + k, PageFlags.DIRTY);
            }
            pgtable.set(k, entry);
            rmap.pageDupRmap(head + k);
        }
        rmap.pageRemoveRmapCompound(head, nr);
        arch.pmdpInvalidate(mm, haddr, table);
        arch.pmdPopulate(mm, haddr, table, pgtable);
        m.stat.count(VmStat.Event.THP_SPLIT_PMD);
    }
}
