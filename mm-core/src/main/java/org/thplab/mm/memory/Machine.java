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
    public final PluginFailures pluginFailures = new PluginFailures();
    /** The shared zero page (ZERO_PAGE): reserved, never freed, mapped by special PTEs. */
    public final long zeroPfn;
    private final AtomicInteger ids = new AtomicInteger();
    /** deferred_split_queue: heads of THPs with some subpages unmapped. */
    private final java.util.Set<Long> deferredSplit = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    /** compound_head(): transparent huge pages are naturally aligned blocks of HPAGE_PMD_NR frames. */
    public long compoundHead(long pfn) {
        return map.test(pfn, PageFlags.TAIL) ? pfn & -(long) g.hpagePmdNr() : pfn;
    }

    /** prep_compound_page(): makes the freshly allocated huge block at {@code head} one compound page. */
    public void prepCompoundPage(long head) {
        map.set(head, PageFlags.HEAD);
        map.setPriv(head, 0); // compound_mapcount: PMD mappings
        for (long p = head + 1; p < head + g.hpagePmdNr(); p++) {
            map.set(p, PageFlags.TAIL);
        }
    }

    /** get_page(): references go to the compound head. */
    public void getPage(long pfn) {
        map.addRefcount(compoundHead(pfn), 1);
    }

    /**
     * put_page(): drops one reference (of the compound head); the page goes back to the
     * allocator with its last, a compound page whole.
     *
     * @throws IllegalStateException if the page had no reference
     */
    public void putPage(long pfn) {
        long head = compoundHead(pfn);
        int left = map.addRefcount(head, -1);
        if (left < 0) {
            throw new IllegalStateException(String.format("put_page of pfn %#x with no reference left (flags %s)", pfn,
                    PageFlags.describe(map.flags(pfn))));
        }
        if (left == 0) {
            if (map.test(head, PageFlags.HEAD)) {
                deferredSplit.remove(head);
                for (long p = head; p < head + g.hpagePmdNr(); p++) {
                    map.clear(p, PageFlags.HEAD | PageFlags.TAIL);
                }
                map.setPriv(head, 0);
                buddy.freePages(head, g.hpagePmdOrder());
            } else {
                buddy.freePages(head, 0);
            }
        }
    }

    /** deferred_split_huge_page(): a THP partly unmapped, to be split under memory pressure. */
    public void deferredSplitHugePage(long head) {
        if (deferredSplit.add(head)) {
            stat.count(VmStat.Event.THP_DEFERRED_SPLIT_PAGE);
        }
    }

    /** Takes a THP off the deferred split queue. */
    public void dropFromDeferredSplit(long head) {
        deferredSplit.remove(head);
    }

    /** The THPs waiting on the deferred split queue. */
    public java.util.Set<Long> deferredSplitQueue() {
        return java.util.Collections.unmodifiableSet(deferredSplit);
    }
}
