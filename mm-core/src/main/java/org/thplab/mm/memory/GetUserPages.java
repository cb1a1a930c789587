package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;

/** mm/gup.c: the pages behind user addresses, referenced for the caller, faulted in as needed. */
public final class GetUserPages {
    private final Machine m;
    private final Memory memory;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final HugeMemory huge;

    public GetUserPages(Machine m, Memory memory) {
        this.m = m;
        this.memory = memory;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.huge = memory.huge();
    }

    /**
     * get_user_pages() for one page: the frame at {@code addr} with a reference for the caller,
     * faulting it in (breaking copy-on-write for a write) as needed; -1 if the access is not
     * allowed. The caller holds the mmap lock for reading and drops the reference with put_page.
     */
    public long getUserPage(MmStruct mm, Vma vma, long addr, boolean write) {
        for (int attempt = 0; attempt < 3; attempt++) {
            PmdTableImpl table = mm.pageTables().pmdTable(addr);
            if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
                long page = huge.followTransHugePmd(mm, table, addr, write);
                if (page >= 0) {
                    return page;
                }
            } else if (table != null && table.child(g.pmdIndex(addr)) != null) {
                PteTableImpl t = table.child(g.pmdIndex(addr));
                ReentrantLock ptl = arch.pteLockptr(mm, t);
                ptl.lock();
                try {
                    long e = t.get(g.pteIndex(addr));
                    if (pte.present(e) && !pte.protnone(e) && (!write || pte.write(e)) && !pte.special(e)) {
                        long page = pte.pfn(e);
                        m.getPage(page);
                        return page;
                    }
                } finally {
                    ptl.unlock();
                }
            }
            if (memory.handleMmFault(mm, vma, addr, write ? Fault.FLAG_WRITE : 0) != Fault.DONE) {
                return -1;
            }
        }
        return -1;
    }
}
