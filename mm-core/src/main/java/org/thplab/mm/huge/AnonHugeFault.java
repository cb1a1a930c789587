package org.thplab.mm.huge;

import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;
import org.thplab.mm.vma.VmFlag;

/**
 * The huge anonymous fault handed to the anonymous-memory plugin: one per thread, reset for
 * each fault, so the fault path allocates nothing. Each mechanism works on the PMD the fault
 * found ({@link #reset}), under the PMD lock it takes itself.
 */
public final class AnonHugeFault implements HugeAnonFault {
    private final AnonThp anon;
    private final HugeZeroPage zero;
    private final HugeMemory huge;
    private final Rmap rmap;
    private final Geometry g;
    private final PmdCodec pmd;
    private final org.thplab.mm.page.MemMap map;
    private MmStruct mm;
    private Vma vma;
    private PmdTableImpl table;
    private long address;
    private boolean write;
    private long orig;

    AnonHugeFault(HugeMemory huge, Rmap rmap, Geometry g, PmdCodec pmd) {
        this.huge = huge;
        this.anon = huge.anon();
        this.zero = huge.zeroPage();
        this.rmap = rmap;
        this.g = g;
        this.pmd = pmd;
        this.map = huge.memMap();
    }

    /** Prepares the fault at {@code address} whose PMD slot in {@code table} held {@code orig}. */
    public AnonHugeFault reset(MmStruct mm, Vma vma, PmdTableImpl table, long address, boolean write, long orig) {
        this.mm = mm;
        this.vma = vma;
        this.table = table;
        this.address = address;
        this.write = write;
        this.orig = orig;
        return this;
    }

    private long haddr() {
        return address & g.pmdMask();
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public boolean write() {
        return write;
    }

    @Override
    public boolean extentInVma() {
        long haddr = haddr();
        return haddr >= vma.start() && haddr + g.pmdSize() <= vma.end();
    }

    @Override
    public boolean hugepage() {
        return vma.has(VmFlag.HUGEPAGE);
    }

    @Override
    public boolean mapsHugeZeroPage() {
        return pmd.transHuge(orig) && zero.isHugeZeroPmd(orig);
    }

    /**
     * page_trans_huge_mapcount(): the PMD mappings plus the most PTE mappings any one subpage
     * has, so that a THP some other process still maps part of by PTEs is never reused in place.
     */
    @Override
    public int mapcount() {
        if (!pmd.transHuge(orig)) {
            return 0;
        }
        long head = pmd.pfn(orig);
        long most = 0;
        for (int k = 0; k < g.hpagePmdNr(); k++) {
            most = Math.max(most, map.mapcount(head + k));
        }
        return (int) (rmap.compoundMapcount(head) + most);
    }

    @Override
    public int mapHugeZeroPage() {
        requireExtent("mapHugeZeroPage");
        return zero.setHugeZeroPmd(mm, vma, table, haddr());
    }

    @Override
    public int mapNewHugePage() {
        requireExtent("mapNewHugePage");
        return anon.mapNewHugePage(mm, vma, table, haddr());
    }

    @Override
    public int reuseHugePage() {
        requireHuge("reuseHugePage");
        if (zero.isHugeZeroPmd(orig)) {
            throw new IllegalStateException("reuseHugePage: the huge zero page is never reused; copy it");
        }
        return anon.reuseHugePmd(mm, table, haddr(), orig);
    }

    @Override
    public int copyHugePage() {
        requireHuge("copyHugePage");
        return anon.copyHugePmd(mm, vma, table, haddr(), orig);
    }

    @Override
    public void splitHugePmd() {
        requireHuge("splitHugePmd");
        huge.splitHugePmd(mm, vma, table, haddr());
    }

    /** A policy that maps a huge page across the mapping's edge would corrupt its neighbours. */
    private void requireExtent(String what) {
        if (pmd.transHuge(orig) || !extentInVma()) {
            throw new IllegalStateException(what + " at " + Long.toHexString(address)
                    + ": the PMD is not empty or its extent is not inside the mapping");
        }
    }

    private void requireHuge(String what) {
        if (!pmd.transHuge(orig)) {
            throw new IllegalStateException(what + " at " + Long.toHexString(address) + ": no huge PMD to act on");
        }
    }
}
