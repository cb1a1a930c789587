package org.thplab.mm.proc;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PmdWalk;
import org.thplab.mm.pgtable.PteTableImpl;

/**
 * fs/proc/task_mmu.c: what /proc/PID/smaps reports of a range, walked from the page tables,
 * and the simulator's per-extent layout. The caller holds the mmap lock for reading.
 */
public final class TaskMmu implements PmdWalk.Visitor<long[], Void> {
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final HugeMemory huge;
    private final PmdWalk walk;

    public TaskMmu(Geometry g, PmdCodec pmd, PteCodec pte, MemMap map, HugeMemory huge) {
        this.g = g;
        this.pmd = pmd;
        this.pte = pte;
        this.map = map;
        this.huge = huge;
        this.walk = new PmdWalk(g, pmd);
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
        long[] pages = new long[SUMS]; // rss, anon (in pages); anonHuge, shmemPmd (in bytes)
        for (Vma vma : mm.vmas().overlapping(start, end)) {
            long from = Math.max(start, vma.start());
            long to = Math.min(end, vma.end());
            size += to - from;
            walk.walk(mm.pageTables(), from, to, pages, null, 0, this);
        }
        return new Counts(size, pages[RSS] * g.pageSize(), pages[ANON] * g.pageSize(), pages[ANON_HUGE],
                pages[SHMEM_PMD]);
    }

    private static final int RSS = 0;
    private static final int ANON = 1;
    private static final int ANON_HUGE = 2;
    private static final int SHMEM_PMD = 3;
    private static final int SUMS = 4;

    /** smaps_pmd_entry(): a huge PMD other than the huge zero page counts whole. */
    @Override
    public int huge(long[] sums, Void unused, int arg, PmdTableImpl table, long addr, long next) {
        long v = table.get(g.pmdIndex(addr));
        if (!huge.zeroPage().isHugeZeroPmd(v)) {
            long bytes = next - addr;
            sums[RSS] += bytes >>> g.pageShift();
            if (map.test(pmd.pfn(v), PageFlags.ANON)) {
                sums[ANON] += bytes >>> g.pageShift();
                sums[ANON_HUGE] += bytes;
            } else {
                sums[SHMEM_PMD] += bytes;
            }
        }
        return PmdWalk.NEXT;
    }

    /** smaps_pte_entry(): present PTEs but the zero page's. */
    @Override
    public int table(long[] sums, Void unused, int arg, PmdTableImpl table, PteTableImpl t, long addr, long next) {
        for (long a = addr; a < next; a += g.pageSize()) {
            long e = t.get(g.pteIndex(a));
            if (pte.present(e) && !pte.special(e)) {
                sums[RSS]++;
                if (map.test(pte.pfn(e), PageFlags.ANON)) {
                    sums[ANON]++;
                }
            }
        }
        return PmdWalk.NEXT;
    }
}
