package org.thplab.mm;

import java.util.List;
import java.util.function.Consumer;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.PmdExtent.Kind;
import org.thplab.mm.huge.HugeZeroPage;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;

/**
 * A read-only walk of a range's PMD extents with the page state behind each, for pictures of
 * an address space (the walk TaskMmu.layout makes, with details). It builds the facade's
 * {@link PmdExtent}, so it lives beside it, above every layer it reads. Changes nothing; the
 * caller holds the mmap lock for reading.
 */
final class ExtentWalk {
    private final Architecture arch;
    private final Geometry g;
    private final MemMap map;
    private final Rmap rmap;
    private final HugeZeroPage zero;

    /** A walk over {@code map}'s pages as {@code arch} encodes them. */
    ExtentWalk(Architecture arch, MemMap map, Rmap rmap, HugeZeroPage zero) {
        this.arch = arch;
        this.g = arch.geometry();
        this.map = map;
        this.rmap = rmap;
        this.zero = zero;
    }

    /** Hands {@code action} one snapshot per PMD extent overlapping {@code [start, end)}, in address order. */
    void walk(MmStruct mm, long start, long end, Consumer<PmdExtent> action) {
        PmdTableImpl lastTable = null;
        int deposited = -1;
        Vma vma = null;
        String vmaText = "";
        int nr = 1 << (g.pmdShift() - g.pageShift());
        for (long extent = start & g.pmdMask(); extent < end; extent += g.pmdSize()) {
            long from = Math.max(start, extent);
            long to = Math.min(end, extent + g.pmdSize());
            PmdTableImpl table = mm.pageTables().pmdTable(extent);
            if (table != lastTable) {
                lastTable = table;
                deposited = table == null ? -1 : countDeposited(mm, table);
            }
            if (vma == null || from < vma.start() || from >= vma.end()) {
                // Described once per VMA: a terabyte region is half a million extents of one VMA.
                vma = mm.vmas().find(from);
                vmaText = vma == null ? "" : vma.toString();
            }
            long tableAddr = table == null ? -1 : table.physAddress();
            long v = table == null ? 0 : table.get(g.pmdIndex(extent));
            if (arch.pmd().transHuge(v)) {
                long head = arch.pmd().pfn(v);
                Kind kind = zero.isHugeZeroPmd(v) ? Kind.ZERO_PMD
                        : map.test(head, PageFlags.ANON) ? Kind.ANON_PMD : Kind.TEAM_PMD;
                int mc = map.mapcount(head);
                action.accept(new PmdExtent(from, to, kind, nr, head, head + nr - 1, mc, mc,
                        rmap.compoundMapcount(head), teamUsage(head), map.refcount(head), vmaText, tableAddr,
                        deposited));
                continue;
            }
            PteTableImpl t = table == null ? null : table.child(g.pmdIndex(extent));
            int present = 0;
            long first = -1;
            long last = -1;
            int minMc = Integer.MAX_VALUE;
            int maxMc = 0;
            for (long a = from; t != null && a < to; a += g.pageSize()) {
                long e = t.get(g.pteIndex(a));
                if (arch.pte().present(e)) {
                    long pfn = arch.pte().pfn(e);
                    present++;
                    first = first < 0 ? pfn : first;
                    last = pfn;
                    int mc = map.mapcount(pfn);
                    minMc = Math.min(minMc, mc);
                    maxMc = Math.max(maxMc, mc);
                }
            }
            boolean some = present > 0;
            action.accept(new PmdExtent(from, to, some ? Kind.PTES : Kind.NONE, present, first, last,
                    some ? minMc : 0, maxMc, some ? rmap.compoundMapcount(first) : 0,
                    some ? teamUsage(first) : -1, some ? map.refcount(first) : 0, vmaText, tableAddr, deposited));
        }
    }

    /** team_usage of the team holding {@code pfn} (its head found as team_head() does); -1 if none. */
    private long teamUsage(long pfn) {
        if (!map.test(pfn, PageFlags.TEAM)) {
            return -1;
        }
        int nr = 1 << (g.pmdShift() - g.pageShift());
        return map.priv(pfn - (map.index(pfn) & (nr - 1)));
    }

    private int countDeposited(MmStruct mm, PmdTableImpl table) {
        int[] n = {0};
        arch.forEachDeposited(mm, List.of(table), t -> n[0]++);
        return n[0];
    }
}
