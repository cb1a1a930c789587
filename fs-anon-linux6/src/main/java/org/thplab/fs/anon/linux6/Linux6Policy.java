package org.thplab.fs.anon.linux6;

import java.util.List;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.anon.ThpEvent;
import org.thplab.api.fs.FaultReply;

/** One machine's anonymous THP policy: the decisions, in the order Linux 6.18 takes them. */
final class Linux6Policy implements AnonymousMemory {
    private final Linux6Knobs knobs;
    private final AnonServices services;

    Linux6Policy(Linux6Knobs knobs, AnonServices services) {
        this.knobs = knobs;
        this.services = services;
    }

    @Override
    public List<String> knobs() {
        return Linux6Knobs.NAMES;
    }

    @Override
    public void set(String knob, String value) {
        knobs.set(knob, value);
    }

    /** thp_vma_allowable_order() for the PMD size: MADV_NOHUGEPAGE wins, then the enabled knob. */
    @Override
    public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
        if (nohugepage) {
            return false;
        }
        return knobs.enabled == Linux6Knobs.Enabled.ALWAYS
                || (knobs.enabled == Linux6Knobs.Enabled.MADVISE && hugepage);
    }

    /**
     * do_huge_pmd_anonymous_page(): only a PMD-aligned extent inside the mapping goes huge; a
     * read maps the huge zero page (unless use_zero_page=0), a write a new THP.
     */
    @Override
    public int hugeFault(HugeAnonFault f) {
        if (!f.extentInVma()) {
            return FaultReply.FALLBACK;
        }
        boolean zeroPage = !f.write() && knobs.useZeroPage;
        int r = zeroPage ? f.mapHugeZeroPage() : f.mapNewHugePage();
        if (r == FaultReply.OK) {
            if (!zeroPage) {
                services.count(ThpEvent.FAULT_ALLOC);
            }
            return FaultReply.OK;
        }
        if (r == FaultReply.OOM) {
            services.count(ThpEvent.FAULT_FALLBACK);
        }
        return FaultReply.FALLBACK;
    }

    /**
     * do_huge_pmd_wp_page() of Linux 5.8 and later: a write to the huge zero page gets a fresh
     * zeroed THP (do_huge_zero_wp_pmd; split and fall back if none can be had); a THP only
     * this mapping maps (PageAnonExclusive, which mapcount 1 stands for in a model without
     * pins) is reused in place; any other is never copied whole: the PMD is split and the PTE
     * path copies the one page written.
     */
    @Override
    public int hugeWpFault(HugeAnonFault f) {
        if (f.mapsHugeZeroPage()) {
            if (f.copyHugePage() == FaultReply.OK) {
                services.count(ThpEvent.FAULT_ALLOC);
                return FaultReply.OK;
            }
            services.count(ThpEvent.FAULT_FALLBACK);
            f.splitHugePmd();
            return FaultReply.FALLBACK;
        }
        if (f.mapcount() == 1) {
            return f.reuseHugePage();
        }
        f.splitHugePmd();
        return FaultReply.FALLBACK;
    }

    /**
     * hpage_collapse_scan_pmd()'s limits for khugepaged as 6.18 applies them: at most
     * max_ptes_none empty (or zero-page) PTEs, max_ptes_swap swap entries and max_ptes_shared
     * pages mapped by another process, at least one young PTE, and at least one writable PTE
     * (SCAN_PAGE_RO). MADV_COLLAPSE does not ask: the core collapses without these limits and
     * without a writable PTE.
     */
    @Override
    public boolean mayCollapse(CollapseScan scan) {
        return scan.none() <= knobs.maxPtesNone && scan.swap() <= knobs.maxPtesSwap
                && scan.shared() <= knobs.maxPtesShared && scan.writable() && scan.young();
    }

    /**
     * thp_underused() (6.12+): unless max_ptes_none is HPAGE_PMD_NR - 1 (the default), a THP
     * with more subpages holding only zeroes than max_ptes_none is split under memory pressure
     * even though it is wholly mapped.
     */
    @Override
    public boolean splitUnderused(int zeroFilled) {
        return knobs.maxPtesNone != knobs.hpagePmdNr - 1 && zeroFilled > knobs.maxPtesNone;
    }

    /** remap_page() with RMP_USE_SHARED_ZEROPAGE (6.12+): a split maps zero-filled subpages to the zero page. */
    @Override
    public boolean splitMapsZeroPage() {
        return true;
    }
}
