package org.thplab.mm.proc;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;

/**
 * fs/proc/task_mmu.c: what /proc/PID/smaps reports of a range, walked from the page tables,
 * and the simulator's per-extent layout. The caller holds the mmap lock for reading.
 */
public final class TaskMmu {
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final HugeMemory huge;

    public TaskMmu(Geometry g, PmdCodec pmd, PteCodec pte, MemMap map, HugeMemory huge) {
        this.g = g;
        this.pmd = pmd;
        this.pte = pte;
        this.map = map;
        this.huge = huge;
    }

    /**
     * One character per PMD extent of {@code [start, end)}: {@code H} a huge PMD, {@code Z} the
     * huge zero page, {@code p} some pages mapped by PTEs, {@code .} nothing.
     */
    public String layout(MmStruct mm, long start, long end) {
        StringBuilder sb = new StringBuilder();
        for (long extent = start & g.pmdMask(); extent < end; extent += g.pmdSize()) {
            PmdTableImpl table = mm.pageTables().pmdTable(extent);
            long v = table == null ? 0 : table.get(g.pmdIndex(extent));
            char c = '.';
            if (pmd.transHuge(v)) {
                c = huge.zeroPage().isHugeZeroPmd(v) ? 'Z' : 'H';
            } else if (table != null && table.child(g.pmdIndex(extent)) != null) {
                PteTableImpl t = table.child(g.pmdIndex(extent));
                long from = Math.max(start, extent);
                long to = Math.min(end, extent + g.pmdSize());
                for (long a = from; a < to && c == '.'; a += g.pageSize()) {
                    if (pte.present(t.get(g.pteIndex(a)))) {
                        c = 'p';
                    }
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The smaps figures of a range, in bytes (the facade's {@code Smaps} is built from it). */
    public record Counts(long size, long rss, long anonymous, long anonHugePages, long shmemPmdMapped) {
    }

    /** smaps_pte_range() summed over the VMAs in {@code [start, end)}. */
    public Counts smaps(MmStruct mm, long start, long end) {
        long size = 0;
        long rss = 0;
        long anon = 0;
        long anonHuge = 0;
        long shmemPmd = 0;
        for (Vma vma : mm.vmas().overlapping(start, end)) {
            long from = Math.max(start, vma.start());
            long to = Math.min(end, vma.end());
            size += to - from;
            for (long addr = from; addr < to; ) {
                long next = Math.min((addr & g.pmdMask()) + g.pmdSize(), to);
                PmdTableImpl table = mm.pageTables().pmdTable(addr);
                long v = table == null ? 0 : table.get(g.pmdIndex(addr));
                if (pmd.transHuge(v) && !huge.zeroPage().isHugeZeroPmd(v)) {
                    long bytes = next - addr;
                    rss += bytes >>> g.pageShift();
                    if (map.test(pmd.pfn(v), PageFlags.ANON)) {
                        anon += bytes >>> g.pageShift();
                        anonHuge += bytes;
                    } else {
                        shmemPmd += bytes;
                    }
                }
                PteTableImpl t = table == null ? null : table.child(g.pmdIndex(addr));
                if (t != null) {
                    for (long a = addr; a < next; a += g.pageSize()) {
                        long e = t.get(g.pteIndex(a));
                        if (pte.present(e) && !pte.special(e)) {
                            rss++;
                            if (map.test(pte.pfn(e), PageFlags.ANON)) {
                                anon++;
                            }
                        }
                    }
                }
                addr = next;
            }
        }
        return new Counts(size, rss * g.pageSize(), anon * g.pageSize(), anonHuge, shmemPmd);
    }
}
