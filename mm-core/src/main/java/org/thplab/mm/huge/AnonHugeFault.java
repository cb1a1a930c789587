package org.thplab.mm.huge;

import org.thplab.api.anon.HugeAnonFault;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * The huge anonymous fault handed to the anonymous-memory plugin: one per thread, shared by
 * every machine, bound for each fault and released after it, so the fault path allocates
 * nothing and a thread that faulted keeps no machine alive. Each mechanism works on the PMD
 * the fault found, under the PMD lock it takes itself.
 */
public final class AnonHugeFault implements HugeAnonFault {
    private static final ThreadLocal<AnonHugeFault> PER_THREAD = ThreadLocal.withInitial(AnonHugeFault::new);

    private HugeMemory huge;
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
    static AnonHugeFault bind(HugeMemory huge, MmStruct mm, Vma vma, PmdTableImpl table, long address, boolean write,
                              long orig) {
        AnonHugeFault f = PER_THREAD.get();
        f.huge = huge;
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
        return address & huge.geometry().pmdMask();
    }

    private boolean pmdIsHuge() {
        return huge.pmdCodec().transHuge(orig);
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
        return haddr >= vma.start() && haddr + huge.geometry().pmdSize() <= vma.end();
    }

    @Override
    public boolean mapsHugeZeroPage() {
        return pmdIsHuge() && huge.zeroPage().isHugeZeroPmd(orig);
    }

    /** page_trans_huge_mapcount() of the THP the PMD maps, so that a THP others map in part is never reused. */
    @Override
    public int mapcount() {
        return pmdIsHuge() ? (int) huge.rmap().pageTransHugeMapcount(huge.pmdCodec().pfn(orig)) : 0;
    }

    @Override
    public int mapHugeZeroPage() {
        requireExtent("mapHugeZeroPage");
        acted = true;
        return huge.zeroPage().setHugeZeroPmd(mm, vma, table, haddr());
    }

    @Override
    public int mapNewHugePage() {
        requireExtent("mapNewHugePage");
        acted = true;
        return huge.anon().mapNewHugePage(mm, vma, table, haddr());
    }

    @Override
    public int reuseHugePage() {
        requireHuge("reuseHugePage");
        acted = true;
        if (huge.zeroPage().isHugeZeroPmd(orig)) {
            throw new IllegalStateException("reuseHugePage: the huge zero page is never reused; copy it");
        }
        return huge.anon().reuseHugePmd(mm, table, haddr(), orig);
    }

    @Override
    public int copyHugePage() {
        requireHuge("copyHugePage");
        acted = true;
        return huge.anon().wpHugePageCopy(mm, vma, table, haddr(), orig);
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
        if (pmdIsHuge() || !extentInVma()) {
            throw new IllegalStateException(what + " at " + Long.toHexString(address)
                    + ": the PMD is not empty or its extent is not inside the mapping");
        }
    }

    private void requireHuge(String what) {
        if (!pmdIsHuge()) {
            throw new IllegalStateException(what + " at " + Long.toHexString(address) + ": no huge PMD to act on");
        }
    }
}
