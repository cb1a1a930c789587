package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;

/** Page-table allocation on the fault path: __pte_alloc() and __pmd_alloc(). */
final class TableAlloc {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;

    TableAlloc(Machine m) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
    }

    /** __pte_alloc(): gives an empty PMD slot a PTE table; false when memory is exhausted. */
    boolean pteAlloc(MmStruct mm, PmdTableImpl table, long addr) {
        PteTableImpl fresh = mm.pageTables().pteAllocOne();
        if (fresh == null) {
            return false;
        }
        ReentrantLock ptl = arch.pmdLockptr(mm, table);
        ptl.lock();
        try {
            if (pmd.none(table.get(g.pmdIndex(addr)))) {
                mm.nrPtes().incrementAndGet();
                arch.pmdPopulate(mm, addr, table, fresh);
                fresh = null;
            }
        } finally {
            ptl.unlock();
        }
        if (fresh != null) {
            mm.pageTables().pteFree(fresh); // another thread populated the slot first
        }
        return true;
    }

    /**
     * __pmd_alloc(): the PMD table for {@code addr}, allocated if missing, under the mm's
     * page_table_lock, which it takes itself (the caller must not hold it).
     */
    PmdTableImpl pmdAlloc(MmStruct mm, long addr) {
        mm.pageTableLock().lock();
        try {
            return mm.pageTables().pmdAlloc(addr);
        } finally {
            mm.pageTableLock().unlock();
        }
    }
}
