package org.thplab.fs.anon;

import java.util.List;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.anon.ThpEvent;
import org.thplab.api.fs.FaultReply;

/** One machine's anonymous THP policy: the decisions, in the order Linux 4.6 takes them. */
final class ThpPolicy implements AnonymousMemory {
    private final ThpKnobs knobs;
    private final AnonServices services;

    ThpPolicy(ThpKnobs knobs, AnonServices services) {
        this.knobs = knobs;
        this.services = services;
    }

    @Override
    public List<String> knobs() {
        return ThpKnobs.NAMES;
    }

    @Override
    public void set(String knob, String value) {
        knobs.set(knob, value);
    }

    /** transparent_hugepage_enabled(): MADV_NOHUGEPAGE wins, then the enabled knob. */
    @Override
    public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
        if (nohugepage) {
            return false;
        }
        return knobs.enabled == ThpKnobs.Enabled.ALWAYS || (knobs.enabled == ThpKnobs.Enabled.MADVISE && hugepage);
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
     * do_huge_pmd_wp_page() of Linux 4.6: a THP only this mapping maps is reused; otherwise the
     * whole huge page is copied (the huge zero page gets a fresh zeroed THP). Without a huge
     * page to copy into, the PMD is split and the PTE path copies the one page written.
     */
    @Override
    public int hugeWpFault(HugeAnonFault f) {
        if (!f.mapsHugeZeroPage() && f.mapcount() == 1) {
            return f.reuseHugePage();
        }
        if (f.copyHugePage() == FaultReply.OK) {
            services.count(ThpEvent.FAULT_ALLOC);
            return FaultReply.OK;
        }
        f.splitHugePmd();
        services.count(ThpEvent.FAULT_FALLBACK);
        return FaultReply.FALLBACK;
    }

    /**
     * khugepaged_scan_pmd()'s limits as today's kernels apply them: at most max_ptes_none empty
     * (or zero-page) PTEs, max_ptes_swap swap entries and max_ptes_shared shared pages, and at
     * least one PTE writable and one young.
     */
    @Override
    public boolean mayCollapse(CollapseScan scan) {
        return scan.none() <= knobs.maxPtesNone && scan.swap() <= knobs.maxPtesSwap
                && scan.shared() <= knobs.maxPtesShared && scan.writable() && scan.young();
    }
}
