package org.thplab.mm.memory;

import java.util.concurrent.atomic.AtomicInteger;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PgtableAllocator;
import org.thplab.mm.stat.VmStat;

/**
 * Everything one simulated machine shares: its architecture, page state, allocators,
 * counters and the zero page. Passed explicitly, never a global.
 */
public final class Machine {
    /** The buddy allocator's largest order when the architecture's huge page is smaller (x86: MAX_ORDER 11). */
    private static final int DEFAULT_MAX_ORDER = 10;

    public final Architecture arch;
    public final Geometry g;
    public final MemMap map;
    public final BuddyAllocator buddy;
    public final PgtableAllocator pgtables;
    public final VmStat stat = new VmStat();
    /** The shared zero page (ZERO_PAGE): reserved, never freed, mapped by special PTEs. */
    public final long zeroPfn;
    private final AtomicInteger ids = new AtomicInteger();

    public Machine(Architecture arch, long frames) {
        this.arch = arch;
        this.g = arch.geometry();
        this.map = new MemMap(frames);
        this.buddy = new BuddyAllocator(map, Math.max(DEFAULT_MAX_ORDER, g.hpagePmdOrder()));
        this.pgtables = new PgtableAllocator(arch, map, buddy);
        this.zeroPfn = buddy.allocPages(0);
        map.set(zeroPfn, PageFlags.RESERVED | PageFlags.UPTODATE);
    }

    /** A fresh id for an mm or an anon_vma. */
    public int nextId() {
        return ids.incrementAndGet();
    }

    /**
     * put_page(): drops one reference; the page goes back to the allocator with its last.
     *
     * @throws IllegalStateException if the page had no reference
     */
    public void putPage(long pfn) {
        int left = map.addRefcount(pfn, -1);
        if (left < 0) {
            throw new IllegalStateException(String.format("put_page of pfn %#x with no reference left (flags %s)", pfn,
                    PageFlags.describe(map.flags(pfn))));
        }
        if (left == 0) {
            buddy.freePages(pfn, 0);
        }
    }
}
