package org.thplab.mm.huge;

import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;

/**
 * The huge anonymous fault handed to the anonymous-memory plugin: one per thread, shared by
 * every machine, bound for each fault and released after it, so the fault path allocates
 * nothing and a thread that faulted keeps no machine alive. Each mechanism works on the PMD
 * the fault found, under the PMD lock it takes itself.
 */
public final class AnonHugeFault implements HugeAnonFault {
    private static final ThreadLocal<AnonHugeFault> PER_THREAD = ThreadLocal.withInitial(AnonHugeFault::new);

    private HugeMemory huge;
    private AnonThp anon;
    private HugeZeroPage zero;
    private Rmap rmap;
    private Geometry g;
    private PmdCodec pmd;
    private org.thplab.mm.page.MemMap map;
    private MmStruct mm;
    private Vma vma;
    private PmdTableImpl table;
    private long address;
    private boolean write;
    private long orig;
    private boolean acted;
    private boolean split;

    private AnonHugeFault() {
    }

    /**
     * This thread's fault object, bound to the fault at {@code address} of {@code huge}'s
     * machine, whose PMD slot in {@code table} held {@code orig}. {@link #release()} it when
     * the policy has answered.
     */
    static AnonHugeFault bind(HugeMemory huge, Rmap rmap, Geometry g, PmdCodec pmd, MmStruct mm, Vma vma,
                              PmdTableImpl table, long address, boolean write, long orig) {
        AnonHugeFault f = PER_THREAD.get();
        f.huge = huge;
        f.anon = huge.anon();
        f.zero = huge.zeroPage();
        f.map = huge.memMap();
        f.rmap = rmap;
        f.g = g;
        f.pmd = pmd;
        f.mm = mm;
        f.vma = vma;
        f.table = table;
        f.address = address;
        f.write = write;
        f.orig = orig;
        f.acted = false;
        f.split = false;
        return f;
    }

    /** Drops every reference the fault held: the thread keeps this object and nothing of the machine. */
    public void release() {
        huge = null;
        anon = null;
        zero = null;
        map = null;
        rmap = null;
        g = null;
        pmd = null;
        mm = null;
        vma = null;
        table = null;
    }

    /** Whether the policy applied any mechanism during this fault. */
    public boolean acted() {
        return acted;
    }

    /** Whether the policy split the PMD during this fault. */
    public boolean split() {
        return split;
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
        acted = true;
        return zero.setHugeZeroPmd(mm, vma, table, haddr());
    }

    @Override
    public int mapNewHugePage() {
        requireExtent("mapNewHugePage");
        acted = true;
        return anon.mapNewHugePage(mm, vma, table, haddr());
    }

    @Override
    public int reuseHugePage() {
        requireHuge("reuseHugePage");
        acted = true;
        if (zero.isHugeZeroPmd(orig)) {
            throw new IllegalStateException("reuseHugePage: the huge zero page is never reused; copy it");
        }
        return anon.reuseHugePmd(mm, table, haddr(), orig);
    }

    @Override
    public int copyHugePage() {
        requireHuge("copyHugePage");
        acted = true;
        return anon.copyHugePmd(mm, vma, table, haddr(), orig);
    }

    @Override
    public void splitHugePmd() {
        requireHuge("splitHugePmd");
        acted = true;
        split = true;
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
