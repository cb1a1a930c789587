package org.thplab.mm;

import java.util.List;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/**
 * A stand-in for fs-anon's policy in mm-core's own tests (fs-anon's tests run on mm-core, so
 * mm-core cannot depend on it): the core's THP mechanisms driven by two plain fields, with
 * the 4.6 copy-on-write rule. fs-anon's tests check the real policy and its knobs.
 */
class StandInThp implements AnonymousMemoryType, AnonymousMemory {
    /** enabled=always when set; otherwise no fault goes huge by itself. */
    volatile boolean always;
    /** use_zero_page. */
    volatile boolean useZeroPage = true;
    /** khugepaged's verdict on every extent it scans. */
    volatile boolean mayCollapse = true;
    /** New THPs the faults asked this policy got (thp_fault_alloc, which the stand-in does not count). */
    long hugeMapped;

    @Override
    public String name() {
        return "stand-in";
    }

    @Override
    public AnonymousMemory start(AnonServices services) {
        return this;
    }

    @Override
    public List<String> knobs() {
        return List.of();
    }

    @Override
    public void set(String knob, String value) {
        throw new IllegalArgumentException("the stand-in has no knobs");
    }

    @Override
    public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
        return always && !nohugepage;
    }

    @Override
    public int hugeFault(HugeAnonFault f) {
        if (!f.extentInVma()) {
            return FaultReply.FALLBACK;
        }
        boolean zero = !f.write() && useZeroPage;
        if ((zero ? f.mapHugeZeroPage() : f.mapNewHugePage()) != FaultReply.OK) {
            return FaultReply.FALLBACK;
        }
        hugeMapped += zero ? 0 : 1;
        return FaultReply.OK;
    }

    @Override
    public int hugeWpFault(HugeAnonFault f) {
        if (!f.mapsHugeZeroPage() && f.mapcount() == 1) {
            return f.reuseHugePage();
        }
        if (f.copyHugePage() == FaultReply.OK) {
            hugeMapped++;
            return FaultReply.OK;
        }
        f.splitHugePmd();
        return FaultReply.FALLBACK;
    }

    @Override
    public boolean mayCollapse(CollapseScan scan) {
        return mayCollapse && scan.writable();
    }
}
