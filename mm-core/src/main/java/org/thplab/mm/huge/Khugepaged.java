package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;
import org.thplab.mm.vma.VmFlag;

/**
 * mm/khugepaged.c: collapsing the PTE-mapped pages of an anonymous extent into one THP, as
 * khugepaged's scan (with its limits) and MADV_COLLAPSE (without them) do.
 */
public final class Khugepaged {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final Rmap rmap;
    private final int nr;
    private final HugeZeroPage zero;

    Khugepaged(Machine m, Rmap rmap, HugeZeroPage zero) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.nr = g.hpagePmdNr();
        this.zero = zero;
    }

    /** Why a collapse did not happen (khugepaged's enum scan_result, the cases the model meets). */
    public enum ScanResult {
        /** SCAN_SUCCEED: the extent is now mapped by a huge PMD. */
        SUCCEED,
        /** SCAN_PMD_MAPPED: it already was. */
        PMD_MAPPED,
        /** SCAN_VMA_CHECK: the aligned extent is not inside one anonymous VMA. */
        VMA_CHECK,
        /** SCAN_PMD_NULL: no page table, so nothing resident to collapse. */
        PMD_NULL,
        /** SCAN_EXCEED_NONE_PTE: nothing resident in the extent (MADV_COLLAPSE needs one page). */
        EXCEED_NONE_PTE,
        /** SCAN_PAGE_COMPOUND: a page already belongs to a THP (Linux 4.6 does not collapse those). */
        PAGE_COMPOUND,
        /** SCAN_PAGE_COUNT: a page is shared (mapped or referenced more than once). */
        PAGE_COUNT,
        /** SCAN_ALLOC_HUGE_PAGE_FAIL: no huge page to collapse into. */
        ALLOC_HUGE_PAGE_FAIL,
        /** SCAN_PAGE_RO / SCAN_PAGE_NO_REFERENCED: no writable PTE, or no young one. */
        NO_WRITABLE_OR_YOUNG,
    }

    /**
     * collapse_huge_page() for anonymous memory, the core of khugepaged and MADV_COLLAPSE
     * (which ignore or apply the max_ptes limits before calling it): the PTE-mapped pages of
     * the extent at {@code haddr} are copied into a new THP (holes and zero pages read as
     * zero), the PMD is emptied with pmdp_collapse_flush, and the old PTE table, now empty,
     * is deposited for the new huge PMD. Every resident page must be an anonymous page
     * mapped only here. The caller holds the mmap lock for writing.
     */
    public ScanResult collapseHugePage(MmStruct mm, Vma vma, long haddr) {
        return collapseHugePage(mm, vma, haddr, false);
    }

    /**
     * As {@link #collapseHugePage(MmStruct, Vma, long)}; with {@code thpPagesToo} (MADV_COLLAPSE
     * as Linux 6.1 has it) pages of an existing THP mapped only here are copied too, where Linux
     * 4.6's khugepaged refuses them.
     */
    public ScanResult collapseHugePage(MmStruct mm, Vma vma, long haddr, boolean thpPagesToo) {
        if (!vma.isAnonymous() || haddr < vma.start() || haddr + g.pmdSize() > vma.end()) {
            return ScanResult.VMA_CHECK;
        }
        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
        long v = table == null ? 0 : table.get(g.pmdIndex(haddr));
        if (pmd.transHuge(v)) {
            return zero.isHugeZeroPmd(v) ? ScanResult.PMD_NULL : ScanResult.PMD_MAPPED;
        }
        if (pmd.none(v)) {
            return ScanResult.PMD_NULL;
        }
        PteTableImpl pgtable = table.child(g.pmdIndex(haddr));
        int present = 0;
        for (int k = 0; k < nr; k++) { // __collapse_huge_page_isolate()
            long e = pgtable.get(k);
            if (pte.none(e) || pte.special(e)) {
                continue;
            }
            long page = pte.pfn(e);
            boolean compound = (map.flags(page) & (PageFlags.HEAD | PageFlags.TAIL)) != 0;
            if (compound && !thpPagesToo) {
                return ScanResult.PAGE_COMPOUND;
            }
            if (!map.test(page, PageFlags.ANON) || rmap.pageMapcount(page) != 1
                    || (!compound && map.refcount(page) != 1)) {
                return ScanResult.PAGE_COUNT;
            }
            present++;
        }
        if (present == 0) {
            return ScanResult.EXCEED_NONE_PTE;
        }
        long head = m.buddy.allocPages(g.hpagePmdOrder());
        if (head < 0) {
            return ScanResult.ALLOC_HUGE_PAGE_FAIL;
        }
        m.prepCompoundPage(head);
        map.set(head, PageFlags.UPTODATE);
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            arch.pmdpCollapseFlush(mm, haddr, table); // no walker may use the old table any more
        } finally {
            pml.unlock();
        }
        long resident = 0;
        ReentrantLock ptl = arch.pteLockptr(mm, pgtable);
        ptl.lock();
        try {
            for (int k = 0; k < nr; k++) { // __collapse_huge_page_copy()
                long e = pgtable.getAndSet(k, 0L);
                if (pte.none(e) || pte.special(e)) {
                    continue;
                }
                long page = pte.pfn(e);
                map.setContent(head + k, map.content(page));
                rmap.pageRemoveRmap(page);
                if ((map.flags(page) & (PageFlags.HEAD | PageFlags.TAIL)) != 0 && map.refcount(m.compoundHead(page)) > 1) {
                    m.deferredSplitHugePage(m.compoundHead(page)); // what is left of the old THP
                }
                m.putPage(page);
                resident++;
            }
        } finally {
            ptl.unlock();
        }
        pml.lock();
        try {
            rmap.pageAddNewAnonRmapCompound(head, nr, vma.anonVma(), vma.linearPageIndex(haddr, g.pageShift()));
            long entry = pmd.mkHuge(head, vma.pageProt());
            if (vma.has(VmFlag.WRITE)) {
                entry = pmd.mkwrite(pmd.mkdirty(entry));
            }
            arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable); // the old table, now empty
            arch.setPmdAt(mm, haddr, table, entry);
            arch.updateMmuCachePmd(mm, haddr, table);
        } finally {
            pml.unlock();
        }
        mm.addRss(MmStruct.Counter.ANON, nr - resident);
        return ScanResult.SUCCEED;
    }

    /**
     * khugepaged_scan_pmd() then collapse_huge_page(): the extent is collapsed if at most
     * {@code maxPtesNone} of its PTEs are empty or map the zero page, every page is an
     * anonymous page mapped and referenced only here, and at least one PTE is writable and
     * one young (Linux 4.6's khugepaged). The caller holds the mmap lock for writing.
     */
    public ScanResult khugepagedScanPmd(MmStruct mm, Vma vma, long haddr, int maxPtesNone) {
        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
        long v = table == null ? 0 : table.get(g.pmdIndex(haddr));
        if (pmd.none(v) || pmd.transHuge(v)) {
            return pmd.none(v) || zero.isHugeZeroPmd(v) ? ScanResult.PMD_NULL : ScanResult.PMD_MAPPED;
        }
        PteTableImpl pgtable = table.child(g.pmdIndex(haddr));
        int none = 0;
        boolean writable = false;
        boolean young = false;
        for (int k = 0; k < nr; k++) {
            long e = pgtable.get(k);
            if (pte.none(e) || pte.special(e)) {
                if (++none > maxPtesNone) {
                    return ScanResult.EXCEED_NONE_PTE;
                }
                continue;
            }
            writable |= pte.write(e);
            young |= pte.young(e);
        }
        if (!writable || !young) {
            return ScanResult.NO_WRITABLE_OR_YOUNG;
        }
        return collapseHugePage(mm, vma, haddr);
    }
}
