package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
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
 * mm/khugepaged.c: collapsing the PTE-mapped pages of an anonymous extent into one THP, as
 * khugepaged's scan (with the anonymous-memory plugin's limits) and MADV_COLLAPSE (without
 * them) do.
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

    Khugepaged(Machine m, Rmap rmap) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.nr = g.hpagePmdNr();
    }

    /** Why a collapse did not happen (khugepaged's enum scan_result, the cases the model meets). */
    public enum ScanResult {
        /** SCAN_SUCCEED: the extent is now mapped by a huge PMD. */
        SUCCEED,
        /** SCAN_PMD_MAPPED: it already was. */
        PMD_MAPPED,
        /** SCAN_VMA_CHECK: the aligned extent is not inside one anonymous VMA. */
        VMA_CHECK,
        /** SCAN_PMD_NULL: no PMD table covers the extent (mm_find_pmd found none). */
        PMD_NULL,
        /** SCAN_PMD_NONE: the PMD table has no entry for the extent: no page table, nothing ever touched there. */
        PMD_NONE,
        /** Nothing resident in the extent but empty and zero-page PTEs (MADV_COLLAPSE needs one page). */
        EXCEED_NONE_PTE,
        /** SCAN_PAGE_ANON: a PTE maps a page that is not anonymous. */
        PAGE_ANON,
        /** SCAN_PAGE_COUNT: a page is pinned (referenced more than it is mapped). */
        PAGE_COUNT,
        /** SCAN_PAGE_RO: no PTE of the extent is writable (see {@link #MADV_COLLAPSE_NEEDS_WRITABLE_PTE}). */
        PAGE_RO,
        /** SCAN_EXCEED_*: the policy's limits (max_ptes_none, _swap, _shared, a young page) refuse it. */
        EXCEED_LIMITS,
        /** SCAN_ALLOC_HUGE_PAGE_FAIL: no huge page to collapse into. */
        ALLOC_HUGE_PAGE_FAIL,
    }

    /**
     * Whether MADV_COLLAPSE of anonymous memory needs a writable PTE in the extent. Linux 6.18
     * as thplab models it (issue 13, item 7): no, one resident page that is not the zero page
     * is enough; only khugepaged's scan demands a writable PTE, and that is the policy's rule
     * ({@link AnonymousMemory#mayCollapse}). The one place to change if the kernel disagrees.
     */
    static final boolean MADV_COLLAPSE_NEEDS_WRITABLE_PTE = false;

    /**
     * find_pmd_or_thp_or_none(): what the PMD slot of the extent at {@code haddr} holds.
     * {@link ScanResult#SUCCEED} means a PTE table; a huge PMD, the huge zero page's included,
     * is {@link ScanResult#PMD_MAPPED}.
     */
    public ScanResult findPmdOrThpOrNone(MmStruct mm, long haddr) {
        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
        if (table == null) {
            return ScanResult.PMD_NULL;
        }
        long v = table.get(g.pmdIndex(haddr));
        if (pmd.none(v)) {
            return ScanResult.PMD_NONE;
        }
        return pmd.transHuge(v) ? ScanResult.PMD_MAPPED : ScanResult.SUCCEED;
    }

    /**
     * hpage_collapse_scan_pmd() for MADV_COLLAPSE: the extent at {@code haddr} of an anonymous
     * VMA is collapsed whatever the policy's limits, if it has a PTE table; an extent already
     * mapped by a huge PMD (the huge zero page too) counts as collapsed. The caller holds the
     * mmap lock for writing.
     */
    public ScanResult madviseCollapsePmd(MmStruct mm, Vma vma, long haddr) {
        ScanResult found = findPmdOrThpOrNone(mm, haddr);
        return found == ScanResult.SUCCEED ? collapseHugePage(mm, vma, haddr) : found;
    }

    /**
     * collapse_huge_page() for anonymous memory, the core of khugepaged and MADV_COLLAPSE
     * (which apply or ignore the policy's limits before calling it): the PTE-mapped pages of
     * the extent at {@code haddr} are copied into a new THP (holes and zero pages read as
     * zero), the PMD is emptied with pmdp_collapse_flush, and the old PTE table, now empty,
     * is deposited for the new huge PMD. As today's kernels: every resident page must be an
     * anonymous page that is not pinned, and one at least must be resident (a writable PTE
     * is not needed: {@link #MADV_COLLAPSE_NEEDS_WRITABLE_PTE}); pages of other THPs and pages
     * shared with other mappings are copied (those keep their own). The caller holds the mmap
     * lock for writing.
     */
    public ScanResult collapseHugePage(MmStruct mm, Vma vma, long haddr) {
        if (!vma.isAnonymous() || haddr < vma.start() || haddr + g.pmdSize() > vma.end()) {
            return ScanResult.VMA_CHECK;
        }
        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
        long v = table == null ? 0 : table.get(g.pmdIndex(haddr));
        if (pmd.transHuge(v)) {
            return ScanResult.PMD_MAPPED;
        }
        if (pmd.none(v)) {
            return table == null ? ScanResult.PMD_NULL : ScanResult.PMD_NONE;
        }
        PteTableImpl pgtable = table.child(g.pmdIndex(haddr));
        int present = 0;
        boolean writable = false;
        for (int k = 0; k < nr; k++) { // __collapse_huge_page_isolate()
            long e = pgtable.get(k);
            if (pte.none(e) || pte.special(e)) {
                continue;
            }
            ScanResult bad = isolatable(pte.pfn(e));
            if (bad != null) {
                return bad;
            }
            writable |= pte.write(e);
            present++;
        }
        if (present == 0) {
            return ScanResult.EXCEED_NONE_PTE;
        }
        if (MADV_COLLAPSE_NEEDS_WRITABLE_PTE && !writable) {
            return ScanResult.PAGE_RO;
        }
        long head = m.buddy.allocPages(g.hpagePmdOrder());
        if (head < 0) {
            m.stat.count(VmStat.Event.THP_COLLAPSE_ALLOC_FAILED);
            return ScanResult.ALLOC_HUGE_PAGE_FAIL;
        }
        m.stat.count(VmStat.Event.THP_COLLAPSE_ALLOC);
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
     * Why the page at {@code pfn} cannot be collapsed, or null: it must be anonymous and not
     * pinned (a small page referenced once per mapping; THP pages are checked at their split).
     */
    private ScanResult isolatable(long pfn) {
        if (!map.test(pfn, PageFlags.ANON)) {
            return ScanResult.PAGE_ANON;
        }
        boolean compound = (map.flags(pfn) & (PageFlags.HEAD | PageFlags.TAIL)) != 0;
        if (!compound && map.refcount(pfn) != map.mapcount(pfn)) {
            return ScanResult.PAGE_COUNT;
        }
        return null;
    }

    /**
     * khugepaged_scan_pmd() then collapse_huge_page(): counts the extent's empty (or zero
     * page) PTEs and shared pages, whether one PTE is writable and one young, and collapses it
     * if the policy's limits allow. The caller holds the mmap lock for writing.
     */
    public ScanResult khugepagedScanPmd(MmStruct mm, Vma vma, long haddr, AnonymousMemory policy) {
        ScanResult found = findPmdOrThpOrNone(mm, haddr);
        if (found != ScanResult.SUCCEED) {
            return found;
        }
        PteTableImpl pgtable = mm.pageTables().pmdTable(haddr).child(g.pmdIndex(haddr));
        int none = 0;
        int shared = 0;
        boolean writable = false;
        boolean young = false;
        for (int k = 0; k < nr; k++) {
            long e = pgtable.get(k);
            if (pte.none(e) || pte.special(e)) {
                none++;
                continue;
            }
            ScanResult bad = isolatable(pte.pfn(e));
            if (bad != null) {
                return bad;
            }
            if (rmap.pageMapcount(pte.pfn(e)) > 1) {
                shared++;
            }
            writable |= pte.write(e);
            young |= pte.young(e);
        }
        if (!policy.mayCollapse(new CollapseScan(none, 0, shared, writable, young))) {
            return ScanResult.EXCEED_LIMITS;
        }
        return collapseHugePage(mm, vma, haddr);
    }
}
