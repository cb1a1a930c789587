package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PmdWalk;
import org.thplab.mm.pgtable.PteTableImpl;

/** mprotect.c's change_protection(): new protection for the PTEs and huge PMDs of a range. */
final class ChangeProtection implements PmdWalk.Visitor<MmStruct, Vma> {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final HugePmdOps huge;
    private final PmdWalk walk;

    ChangeProtection(Machine m, HugePmdOps huge) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.huge = huge;
        this.walk = new PmdWalk(g, pmd);
    }

    /** change_protection(): every present PTE and huge PMD in the range takes the VMA's new protection. */
    public void changeProtection(MmStruct mm, Vma vma, long start, long end) {
        walk.walk(mm.pageTables(), start, end, mm, vma, 0, this);
        arch.flushTlbRange(mm, start, end);
    }

    /** change_pmd_range()'s huge branch: a whole extent is changed in place, a part of one split first. */
    @Override
    public int huge(MmStruct mm, Vma vma, int unused, PmdTableImpl table, long addr, long next) {
        long extent = addr & g.pmdMask();
        if (addr == extent && next == extent + g.pmdSize() && huge.changeHugePmd(mm, vma, table, extent) > 0) {
            return PmdWalk.NEXT;
        }
        huge.splitHugePmd(mm, vma, table, addr);
        return PmdWalk.AS_TABLE;
    }

    /** change_pte_range(). */
    @Override
    public int table(MmStruct mm, Vma vma, int unused, PmdTableImpl table, PteTableImpl t, long addr, long next) {
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            for (long a = addr; a < next; a += g.pageSize()) {
                int j = g.pteIndex(a);
                long e = t.get(j);
                if (!pte.none(e)) {
                    t.set(j, pte.modify(e, vma.pageProt()));
                }
            }
        } finally {
            ptl.unlock();
        }
        return PmdWalk.NEXT;
    }
}
