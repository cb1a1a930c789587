package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;

/** memory.c's copy_page_range() at fork. */
final class CopyPageRange {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final Rmap rmap;
    private final HugePmdOps huge;
    private final TableAlloc tables;

    CopyPageRange(Machine m, Rmap rmap, HugePmdOps huge, TableAlloc tables) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.rmap = rmap;
        this.huge = huge;
        this.tables = tables;
    }

    /**
     * copy_page_range() for fork: the child's PTEs for {@code vma} point at the parent's pages;
     * private writable pages are write-protected in both, so the next write copies.
     * Like the kernel, a VMA without an anon_vma is not copied: the child faults its pages in.
     */
    public int copyPageRange(MmStruct dst, MmStruct src, Vma vma) {
        if (vma.anonVma() == 0) {
            return Fault.DONE;
        }
        boolean cow = (vma.flags() & (VmFlag.SHARED | VmFlag.MAYWRITE)) == VmFlag.MAYWRITE;
        for (long addr = vma.start(); addr < vma.end(); ) {
            long next = Math.min((addr & g.pmdMask()) + g.pmdSize(), vma.end());
            PmdTableImpl srcTable = src.pageTables().pmdTable(addr);
            if (srcTable != null && !pmd.none(srcTable.get(g.pmdIndex(addr)))) {
                PmdTableImpl dstTable;
                dst.pageTables().pmdAlloc(addr);
                dstTable = dst.pageTables().pmdTable(addr);
                if (pmd.transHuge(srcTable.get(g.pmdIndex(addr)))) {
                    int r = huge.copyHugePmd(dst, src, vma, dstTable, srcTable, addr & g.pmdMask());
                    if (r == Fault.OOM) {
                        return Fault.OOM;
                    }
                    if (r == Fault.DONE) {
                        addr = next;
                        continue;
                    }
                }
                if (pmd.none(dstTable.get(g.pmdIndex(addr))) && !tables.pteAlloc(dst, dstTable, addr)) {
                    return Fault.OOM;
                }
                copyPteRange(dst, src, vma, dstTable.child(g.pmdIndex(addr)), srcTable.child(g.pmdIndex(addr)), addr,
                        next, cow);
            }
            addr = next;
        }
        if (cow) {
            arch.flushTlbRange(src, vma.start(), vma.end());
        }
        return Fault.DONE;
    }

    /** copy_pte_range() / copy_one_pte(). */
    private void copyPteRange(MmStruct dst, MmStruct src, Vma vma, PteTableImpl to, PteTableImpl from, long start,
                              long end, boolean cow) {
        ReentrantLock dstPtl = arch.pteLockptr(dst, to);
        ReentrantLock srcPtl = arch.pteLockptr(src, from);
        dstPtl.lock();
        srcPtl.lock();
        try {
            for (long addr = start; addr < end; addr += g.pageSize()) {
                int j = g.pteIndex(addr);
                long e = from.get(j);
                if (pte.none(e)) {
                    continue;
                }
                if (!pte.special(e)) {
                    if (cow && pte.write(e)) {
                        e = pte.wrprotect(e);
                        from.set(j, e); // ptep_set_wrprotect()
                    }
                    long pfn = pte.pfn(e);
                    m.getPage(pfn);
                    rmap.pageDupRmap(pfn);
                    dst.addRss(rmap.mmCounter(pfn), 1);
                }
                if (vma.has(VmFlag.SHARED)) {
                    e = pte.mkclean(e);
                }
                to.set(j, pte.mkold(e));
            }
        } finally {
            srcPtl.unlock();
            dstPtl.unlock();
        }
    }

}
