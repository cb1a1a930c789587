package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;

/** The MMU: what hardware does on an access, walking the tables the fault path fills. */
final class Mmu {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final HugePmdOps huge;

    Mmu(Machine m, HugePmdOps huge) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.huge = huge;
    }

    /**
     * What the MMU does on an access: walks the tables and returns the frame, setting the
     * accessed (and dirty) bits as hardware does, or -1 when the access must fault.
     */
    public long translate(MmStruct mm, long addr, boolean write) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table == null) {
            return -1;
        }
        int i = g.pmdIndex(addr);
        long v = table.get(i);
        if (pmd.transHuge(v)) {
            // A leaf PMD grants access as a PTE would (pmd_pte): present, not PROT_NONE, writable for a write.
            if (!pte.present(v) || pte.protnone(v) || (write && !pmd.write(v))) {
                return -1;
            }
            long set = write ? pmd.mkdirty(pmd.mkyoung(v)) : pmd.mkyoung(v);
            if (set != v) {
                table.compareAndSet(i, v, set);
            }
            return pmd.pfn(v) + ((addr & ~g.pmdMask()) >>> g.pageShift());
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            return -1;
        }
        int j = g.pteIndex(addr);
        long e = t.get(j);
        if (!pte.present(e) || pte.protnone(e) || (write && !pte.write(e))) {
            return -1;
        }
        long set = write ? pte.mkdirty(pte.mkyoung(e)) : pte.mkyoung(e);
        if (set != e) {
            t.compareAndSet(j, e, set);
        }
        return pte.special(e) ? m.zeroPfn : pte.pfn(e);
    }

    /**
     * After a successful {@link #translate} of {@code addr}: how many pages from {@code addr}
     * on the same translation covers (the rest of a huge PMD's extent), else 1.
     */
    public long translationRun(MmStruct mm, long addr) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
            return ((addr & g.pmdMask()) + g.pmdSize() - addr) >>> g.pageShift();
        }
        return 1;
    }


    /**
     * follow_page_mask() with FOLL_GET, as get_user_pages walks: the page at {@code addr} with a
     * reference taken for the caller, under the page-table lock, or -1 when the access must
     * fault first. Unlike the MMU it never answers the zero page (a special PTE).
     */
    long followPage(MmStruct mm, long addr, boolean write) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table == null) {
            return -1;
        }
        if (pmd.transHuge(table.get(g.pmdIndex(addr)))) {
            return huge.followTransHugePmd(mm, table, addr, write);
        }
        PteTableImpl t = table.child(g.pmdIndex(addr));
        if (t == null) {
            return -1;
        }
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            long e = t.get(g.pteIndex(addr));
            if (pte.present(e) && !pte.protnone(e) && (!write || pte.write(e)) && !pte.special(e)) {
                long page = pte.pfn(e);
                m.getPage(page);
                return page;
            }
            return -1;
        } finally {
            ptl.unlock();
        }
    }
}
