package org.thplab.arch.tck;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.PteTable;
import org.thplab.api.arch.VmFlags;

/**
 * A small, correct architecture built on the generic defaults (4 KiB pages, 2 MiB PMDs,
 * a simple bit layout), with faults that can be switched on to show the kit catches them.
 */
final class ToyArchitecture implements Architecture {

    /** Deliberate bugs. */
    enum Fault {
        /** pte mkdirty returns its input unchanged. */
        LOSES_DIRTY,
        /** withdraw hands out the anchor's head without taking it off the list. */
        WITHDRAWS_WITHOUT_UNLINKING,
        /** withdraw returns a fresh table instead of a deposited one. */
        WITHDRAWS_A_STRANGER,
        /** mknotpresent clears the huge bit, so an invalidated PMD no longer looks huge. */
        INVALIDATE_LOSES_HUGE,
        /** the name is not a lower-case key. */
        NAME_IN_CAPITALS,
        /** private writable mappings get writable entries, so a write never faults for copy-on-write. */
        PRIVATE_WRITES_WRITABLE,
        /** claims split PMD locks but hands out mm->page_table_lock for every table. */
        ONE_PMD_LOCK_THOUGH_SPLIT,
        /** pmdp_huge_clear_flush empties the slot without flushing the TLB. */
        CLEAR_FLUSH_SKIPS_FLUSH,
        /** pmdp_test_and_clear_young reports young without clearing it. */
        YOUNG_NEVER_CLEARS,
        /** update_mmu_cache_pmd reports nothing. */
        SILENT_MMU_CACHE_PMD,
    }

    static final long P = 1, W = 2, A = 1 << 5, D = 1 << 6, HUGE = 1 << 7, NONE = 1 << 8, SPECIAL = 1 << 9;
    static final long PFN_MASK = ((1L << 40) - 1) & ~0xfffL;
    static final long CHG = PFN_MASK | A | D | SPECIAL | HUGE;

    private static final Geometry GEOMETRY = new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 40, 47);

    private final Set<Fault> faults;
    private final PteCodec pte;
    private final PmdCodec pmd;

    ToyArchitecture(Fault... faults) {
        this(faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.of(faults[0], faults));
    }

    ToyArchitecture(Set<Fault> faults) {
        this.faults = EnumSet.noneOf(Fault.class);
        this.faults.addAll(faults);
        this.pte = new Codec();
        this.pmd = new Codec();
    }

    @Override
    public String name() {
        return faults.contains(Fault.NAME_IN_CAPITALS) ? "Toy" : "toy";
    }

    @Override
    public String description() {
        return "a toy MMU for testing the kit";
    }

    @Override
    public Geometry geometry() {
        return GEOMETRY;
    }

    @Override
    public PteCodec pte() {
        return pte;
    }

    @Override
    public PmdCodec pmd() {
        return pmd;
    }

    @Override
    public long vmGetPageProt(int vmFlags) {
        if ((vmFlags & (VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC)) == 0) {
            return NONE | A;
        }
        boolean shared = (vmFlags & VmFlags.VM_SHARED) != 0 || faults.contains(Fault.PRIVATE_WRITES_WRITABLE);
        boolean write = shared && (vmFlags & VmFlags.VM_WRITE) != 0;
        return P | A | (write ? W : 0);
    }

    @Override
    public boolean splitPmdPtlocks() {
        return true;
    }

    @Override
    public boolean splitPtePtlocks() {
        return true;
    }

    @Override
    public ReentrantLock pmdLockptr(Mm mm, PmdTable pmd) {
        if (faults.contains(Fault.ONE_PMD_LOCK_THOUGH_SPLIT)) {
            return mm.pageTableLock();
        }
        return Architecture.super.pmdLockptr(mm, pmd);
    }

    @Override
    public long pmdpHugeClearFlush(Mm mm, long haddr, PmdTable pmd) {
        if (faults.contains(Fault.CLEAR_FLUSH_SKIPS_FLUSH)) {
            return pmdpHugeGetAndClear(mm, haddr, pmd);
        }
        return Architecture.super.pmdpHugeClearFlush(mm, haddr, pmd);
    }

    @Override
    public boolean pmdpTestAndClearYoung(Mm mm, long addr, PmdTable pmd) {
        if (faults.contains(Fault.YOUNG_NEVER_CLEARS)) {
            return pmd().young(pmd.get(GEOMETRY.pmdIndex(addr)));
        }
        return Architecture.super.pmdpTestAndClearYoung(mm, addr, pmd);
    }

    @Override
    public void updateMmuCachePmd(Mm mm, long addr, PmdTable pmd) {
        if (!faults.contains(Fault.SILENT_MMU_CACHE_PMD)) {
            Architecture.super.updateMmuCachePmd(mm, addr, pmd);
        }
    }

    @Override
    public PteTable pgtableTransHugeWithdraw(Mm mm, long addr, PmdTable table) {
        if (faults.contains(Fault.WITHDRAWS_WITHOUT_UNLINKING)) {
            return table.hugePte();
        }
        if (faults.contains(Fault.WITHDRAWS_A_STRANGER)) {
            Architecture.super.pgtableTransHugeWithdraw(mm, addr, table);
            return new KitPteTable(GEOMETRY.ptrsPerPte(), 0x1000);
        }
        return Architecture.super.pgtableTransHugeWithdraw(mm, addr, table);
    }

    /** One codec serves both levels: a leaf PMD is a PTE with HUGE set. */
    private final class Codec implements PteCodec, PmdCodec {
        @Override
        public long mk(long pfn, long prot) {
            return (GEOMETRY.checkPfn("toy", pfn) << 12) | prot;
        }

        @Override
        public long mkHuge(long pfn, long prot) {
            if ((pfn & 511) != 0) {
                throw new IllegalArgumentException("toy: pfn must be a multiple of 512");
            }
            return mk(pfn, prot) | HUGE;
        }

        @Override
        public long mkhuge(long v) {
            return v | HUGE;
        }

        @Override
        public long mkTable(long addr) {
            if ((addr & ~PFN_MASK) != 0) {
                throw new IllegalArgumentException("toy: table address must be 4 KiB aligned");
            }
            return addr | P | W;
        }

        @Override
        public long tableAddress(long v) {
            return v & PFN_MASK;
        }

        @Override
        public long pfn(long v) {
            return (v & PFN_MASK) >>> 12;
        }

        @Override
        public boolean none(long v) {
            return v == 0;
        }

        @Override
        public boolean present(long v) {
            return (v & (P | NONE | HUGE)) != 0;
        }

        @Override
        public boolean transHuge(long v) {
            return (v & HUGE) != 0;
        }

        @Override
        public boolean protnone(long v) {
            return (v & (P | NONE)) == NONE;
        }

        @Override
        public boolean young(long v) {
            return (v & A) != 0;
        }

        @Override
        public long mkyoung(long v) {
            return v | A;
        }

        @Override
        public long mkold(long v) {
            return v & ~A;
        }

        @Override
        public boolean dirty(long v) {
            return (v & D) != 0;
        }

        @Override
        public long mkdirty(long v) {
            return faults.contains(Fault.LOSES_DIRTY) ? v : v | D;
        }

        @Override
        public long mkclean(long v) {
            return v & ~D;
        }

        @Override
        public boolean write(long v) {
            return (v & W) != 0;
        }

        @Override
        public long mkwrite(long v) {
            return v | W;
        }

        @Override
        public long wrprotect(long v) {
            return v & ~W;
        }

        @Override
        public boolean special(long v) {
            return (v & SPECIAL) != 0;
        }

        @Override
        public long mkspecial(long v) {
            return v | SPECIAL;
        }

        @Override
        public long mknotpresent(long v) {
            long cleared = v & ~(P | NONE);
            return faults.contains(Fault.INVALIDATE_LOSES_HUGE) ? cleared & ~HUGE : cleared;
        }

        @Override
        public long mksoftDirty(long v) {
            return v;
        }

        @Override
        public long modify(long v, long prot) {
            return (v & CHG) | (prot & ~CHG);
        }

        @Override
        public boolean same(long a, long b) {
            return a == b;
        }
    }
}
