package org.thplab.mm.vma;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;

/** mm/mremap.c: moving a range's page-table entries to another address, huge PMDs whole where they fit. */
public final class MoveTables {
    private final Machine m;
    private final Memory memory;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final HugeMemory huge;

    public MoveTables(Machine m, Memory memory, HugeMemory huge) {
        this.m = m;
        this.memory = memory;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.huge = huge;
    }

    /**
     * move_page_tables() (mm/mremap.c): moves the entries of {@code [oldAddr, oldAddr + len)}
     * to {@code newAddr}. A huge PMD moves whole when both addresses are PMD aligned and a whole
     * extent remains (move_huge_pmd); otherwise it is split first and its PTEs moved.
     * The caller holds the mmap lock for writing.
     *
     * @return {@link Fault#DONE}, or {@link Fault#OOM} if a page table could not be allocated
     *         (what was moved so far stays moved)
     */
    public int movePageTables(MmStruct mm, Vma vma, long oldAddr, long newAddr, long len) {
        long oldEnd = oldAddr + len;
        while (oldAddr < oldEnd) {
            long extent = Math.min((oldAddr & g.pmdMask()) + g.pmdSize(), oldEnd) - oldAddr;
            PmdTableImpl oldTable = mm.pageTables().pmdTable(oldAddr);
            long oldPmd = oldTable == null ? 0 : oldTable.get(g.pmdIndex(oldAddr));
            if (pmd.none(oldPmd)) {
                oldAddr += extent;
                newAddr += extent;
                continue;
            }
            PmdTableImpl newTable = memory.pmdAlloc(mm, newAddr);
            if (pmd.transHuge(oldPmd)) {
                if (extent == g.pmdSize() && (newAddr & ~g.pmdMask()) == 0
                        && huge.moveHugePmd(mm, oldTable, oldAddr, newTable, newAddr)) {
                    oldAddr += extent;
                    newAddr += extent;
                    continue;
                }
                huge.splitHugePmd(mm, vma, oldTable, oldAddr);
                if (pmd.none(oldTable.get(g.pmdIndex(oldAddr)))) { // a file PMD is cleared, not split: nothing to move
                    oldAddr += extent;
                    newAddr += extent;
                    continue;
                }
            }
            extent = Math.min(extent, (newAddr & g.pmdMask()) + g.pmdSize() - newAddr);
            if (pmd.none(newTable.get(g.pmdIndex(newAddr))) && !memory.pteAlloc(mm, newTable, newAddr)) {
                return Fault.OOM;
            }
            movePtes(mm, oldTable.child(g.pmdIndex(oldAddr)), oldAddr, oldAddr + extent,
                    newTable.child(g.pmdIndex(newAddr)), newAddr);
            oldAddr += extent;
            newAddr += extent;
        }
        return Fault.DONE;
    }

    /** move_ptes(): each entry leaves its old slot before it appears in the new one. */
    private void movePtes(MmStruct mm, PteTableImpl from, long oldAddr, long oldEnd, PteTableImpl to, long newAddr) {
        ReentrantLock oldPtl = arch.pteLockptr(mm, from);
        ReentrantLock newPtl = arch.pteLockptr(mm, to);
        oldPtl.lock();
        boolean nested = newPtl != oldPtl;
        if (nested) {
            newPtl.lock();
        }
        try {
            for (long a = oldAddr, b = newAddr; a < oldEnd; a += g.pageSize(), b += g.pageSize()) {
                long e = from.getAndSet(g.pteIndex(a), 0L);
                if (!pte.none(e)) {
                    to.set(g.pteIndex(b), e);
                }
            }
        } finally {
            if (nested) {
                newPtl.unlock();
            }
            oldPtl.unlock();
        }
        arch.flushTlbRange(mm, oldAddr, oldEnd);
    }
}
