package org.thplab.mm.rmap;

import java.util.function.IntSupplier;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;

/** The anon_vma side of rmap.c: which anon_vma a VMA's anonymous pages belong to. */
public final class AnonVmas {
    private final Geometry g;
    private final IntSupplier ids;

    /** @param ids hands out fresh anon_vma ids (the machine's id counter) */
    public AnonVmas(Geometry g, IntSupplier ids) {
        this.g = g;
        this.ids = ids;
    }

    /**
     * anon_vma_prepare(): gives the VMA an anon_vma on its first anonymous page, reusing a
     * neighbour's when the two differ at most in protection (find_mergeable_anon_vma), so that
     * pieces split by mprotect can merge again. Takes page_table_lock: call it before any
     * page-table lock.
     */
    public void anonVmaPrepare(MmStruct mm, Vma vma) {
        if (vma.anonVma() == 0) {
            mm.pageTableLock().lock();
            try {
                if (vma.anonVma() == 0) {
                    int reuse = compatibleAnonVma(vma, mm.vmas().find(vma.start() - 1));
                    if (reuse == 0) {
                        reuse = compatibleAnonVma(vma, mm.vmas().find(vma.end()));
                    }
                    vma.setAnonVma(reuse != 0 ? reuse : ids.getAsInt());
                }
            } finally {
                mm.pageTableLock().unlock();
            }
        }
    }

    /** reusable_anon_vma(): the neighbour's anon_vma if anon_vma_compatible(), else 0. */
    private int compatibleAnonVma(Vma vma, Vma near) {
        if (near == null || near.anonVma() == 0 || near.file() != vma.file()) {
            return 0;
        }
        Vma a = near.start() < vma.start() ? near : vma;
        Vma b = a == near ? vma : near;
        int protBits = VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC;
        boolean compatible = a.end() == b.start() && ((a.flags() ^ b.flags()) & ~protBits) == 0
                && b.pgoff() == a.pgoff() + ((b.start() - a.start()) >>> g.pageShift());
        return compatible ? near.anonVma() : 0;
    }
}
