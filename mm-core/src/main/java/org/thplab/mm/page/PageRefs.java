package org.thplab.mm.page;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.thplab.mm.stat.VmStat;

/**
 * References to pages and compound pages (mm.h, page_alloc.c): get_page, put_page,
 * compound_head, prep_compound_page, and the deferred split queue that put_page must empty
 * of a THP it frees. Transparent huge pages are naturally aligned blocks of HPAGE_PMD_NR frames.
 */
public final class PageRefs {
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final VmStat stat;
    private final int hpageNr;
    private final int hpageOrder;
    /** deferred_split_queue: heads of THPs with some subpages unmapped. */
    private final Set<Long> deferredSplit = ConcurrentHashMap.newKeySet();

    public PageRefs(MemMap map, BuddyAllocator buddy, VmStat stat, int hpageOrder) {
        this.map = map;
        this.buddy = buddy;
        this.stat = stat;
        this.hpageOrder = hpageOrder;
        this.hpageNr = 1 << hpageOrder;
    }

    /** compound_head(). */
    public long compoundHead(long pfn) {
        return map.test(pfn, PageFlags.TAIL) ? pfn & -(long) hpageNr : pfn;
    }

    /** prep_compound_page(): makes the freshly allocated huge block at {@code head} one compound page. */
    public void prepCompoundPage(long head) {
        map.set(head, PageFlags.HEAD);
        map.setPriv(head, 0); // compound_mapcount: PMD mappings
        map.setRange(head + 1, hpageNr - 1, PageFlags.TAIL); // the tails' template: no per-frame state
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
                dropFromDeferredSplit(head);
                map.clearRange(head, hpageNr, PageFlags.HEAD | PageFlags.TAIL);
                map.setPriv(head, 0);
                buddy.freePages(head, hpageOrder);
            } else {
                buddy.freePages(head, 0);
            }
        }
    }

    /**
     * deferred_split_huge_page(): a THP partly unmapped, to be split under memory pressure.
     * Zapping a THP's PTEs asks once per subpage: a queued THP is known by its page flag,
     * without touching (and boxing into) the queue.
     */
    public void deferredSplitHugePage(long head) {
        if (map.test(head, PageFlags.DEFERRED_SPLIT)) {
            return;
        }
        synchronized (deferredSplit) { // the flag and the queue change together
            if ((map.set(head, PageFlags.DEFERRED_SPLIT) & PageFlags.DEFERRED_SPLIT) == 0) {
                deferredSplit.add(head);
                stat.count(VmStat.Event.THP_DEFERRED_SPLIT_PAGE);
            }
        }
    }

    /** Takes a THP off the deferred split queue. */
    public void dropFromDeferredSplit(long head) {
        if (!map.test(head, PageFlags.DEFERRED_SPLIT)) {
            return;
        }
        synchronized (deferredSplit) {
            map.clear(head, PageFlags.DEFERRED_SPLIT);
            deferredSplit.remove(head);
        }
    }

    /** The THPs waiting on the deferred split queue. */
    public Set<Long> deferredSplitQueue() {
        return Collections.unmodifiableSet(deferredSplit);
    }
}
