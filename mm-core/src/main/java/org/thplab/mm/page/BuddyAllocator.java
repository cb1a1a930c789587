package org.thplab.mm.page;

import java.util.Arrays;

/**
 * The buddy allocator of mm/page_alloc.c over a {@link MemMap}: blocks of 2^order frames,
 * naturally aligned, split on allocation and merged with their buddy on free, so that huge
 * allocations fail once memory is fragmented and callers fall back as the kernel's do.
 *
 * <p>Frames at or above the <em>frontier</em> have never been handed out: they are free
 * without being on any list and without state in the map, so a large simulated memory
 * costs only what is used. A free block that ends at the frontier lowers it again, so all
 * memory can come back.
 *
 * <p>Free lists hold block heads in per-order {@code long[]}s; a free head carries
 * {@link PageFlags#BUDDY}, its order in {@code priv} and its slot on the list in
 * {@code index} (the kernel's page->private and page->lru), so removal is O(1) and
 * nothing is allocated per page. All methods are safe for concurrent use (one lock, as
 * zone->lock).
 */
public final class BuddyAllocator {

    /** What {@link #allocPages} returns when no block of the order is free. */
    public static final long NO_PAGE = -1;

    private final MemMap map;
    private final int maxOrder;
    private final long[][] lists;
    private final int[] counts;
    private long frontier;
    private long freeFrames;

    /**
     * An allocator of every frame of {@code map}, with blocks of order 0 to {@code maxOrder}.
     *
     * @throws IllegalArgumentException if {@code maxOrder} is outside 0..30
     */
    public BuddyAllocator(MemMap map, int maxOrder) {
        if (maxOrder < 0 || maxOrder > 30) {
            throw new IllegalArgumentException("maxOrder = " + maxOrder + ": expected 0 to 30");
        }
        this.map = map;
        this.maxOrder = maxOrder;
        this.lists = new long[maxOrder + 1][16];
        this.counts = new int[maxOrder + 1];
        this.freeFrames = map.frames();
    }

    /** The largest order a block can have (MAX_ORDER - 1). */
    public int maxOrder() {
        return maxOrder;
    }

    /** Free frames, on the lists and above the frontier. */
    public synchronized long freeFrames() {
        return freeFrames;
    }

    /** The lowest frame never handed out. */
    public synchronized long frontier() {
        return frontier;
    }

    /**
     * __alloc_pages(): a block of 2^order frames whose first frame has refcount 1 and every
     * frame clean state, or {@link #NO_PAGE} when no free block is large enough.
     *
     * @throws IllegalArgumentException if {@code order} is outside 0..maxOrder
     */
    public synchronized long allocPages(int order) {
        checkOrder(order);
        long pfn = takeFromLists(order);
        if (pfn == NO_PAGE) {
            pfn = carveFromFrontier(order);
            if (pfn == NO_PAGE) {
                return NO_PAGE;
            }
        }
        // No reset: a block taken from a list was reset as it left it, and untouched memory
        // above the frontier is clean (frames are reset as they are freed).
        map.setRefcount(pfn, 1);
        freeFrames -= 1L << order;
        return pfn;
    }

    /**
     * __free_pages() after the last reference went: returns the block to the lists, merging
     * it with its free buddies.
     *
     * @throws IllegalStateException (bad_page) if the block is misaligned, already free, or a
     *         frame of it is still referenced or mapped
     */
    public synchronized void freePages(long pfn, int order) {
        checkOrder(order);
        long size = 1L << order;
        if ((pfn & (size - 1)) != 0 || pfn < 0 || pfn + size > frontier) {
            throw new IllegalStateException(String.format(
                    "bad_page: freeing pfn %#x order %d: expected an aligned block below the frontier %#x", pfn, order,
                    frontier));
        }
        long p = map.firstBusy(pfn, size);
        if (p >= 0) {
            throw new IllegalStateException(String.format(
                    "bad_page: freeing pfn %#x (block %#x order %d) with refcount %d, mapcount %d, flags %s", p, pfn,
                    order, map.refcount(p), map.mapcount(p), PageFlags.describe(map.flags(p))));
        }
        map.resetRange(pfn, size); // a whole huge block becomes one compact record again
        freeFrames += size;
        while (order < maxOrder) {
            long buddy = pfn ^ (1L << order);
            if (buddy >= frontier || !isFreeHead(buddy, order)) {
                break;
            }
            remove(buddy, order);
            pfn = Math.min(pfn, buddy);
            order++;
        }
        if (order > 0 && (1L << order) >= map.blockFrames()) {
            // Every frame of a merged block is clean now (each was reset as it was freed, each
            // merged buddy's head as it left its list): its huge blocks become compact records
            // again, so the huge page allocated from it next is set up by ranges, not per frame.
            map.resetRange(pfn, 1L << order);
        }
        if (pfn + (1L << order) == frontier) {
            frontier = pfn;
            lowerFrontier();
        } else {
            add(pfn, order);
        }
    }

    /**
     * split_page(): makes each frame of an allocated block an independent page with
     * refcount 1, to be freed one by one (huge tmpfs teams are born this way).
     */
    public void splitPage(long pfn, int order) {
        map.setRefcountRange(pfn + 1, (1L << order) - 1, 1);
    }

    /**
     * Recounts the free lists against the page flags and the free counter, as
     * CONFIG_DEBUG_VM would; returns the number of free blocks on the lists.
     *
     * @throws IllegalStateException naming the first inconsistency
     */
    public synchronized long check() {
        long[] starts = new long[Arrays.stream(counts).sum()];
        long[] ends = new long[starts.length];
        long listed = 0;
        long blocks = 0;
        for (int order = 0; order <= maxOrder; order++) {
            for (int i = 0; i < counts[order]; i++) {
                long pfn = lists[order][i];
                String where = String.format("free list %d slot %d: pfn %#x", order, i, pfn);
                require(map.test(pfn, PageFlags.BUDDY), where + " lacks PageBuddy");
                require(map.priv(pfn) == order, where + " records order " + map.priv(pfn));
                require(map.index(pfn) == i, where + " records slot " + map.index(pfn));
                require((pfn & ((1L << order) - 1)) == 0, where + " is not aligned to its order");
                require(pfn + (1L << order) <= frontier, where + " reaches past the frontier " + frontier);
                starts[(int) blocks] = pfn;
                ends[(int) blocks] = pfn + (1L << order);
                listed += 1L << order;
                blocks++;
            }
        }
        requireDisjoint(starts, ends);
        long flagged = 0;
        for (long pfn = 0; pfn < frontier; pfn = MemMap.nextChunk(pfn)) {
            if (map.touched(pfn)) {
                flagged += map.countFlagged(pfn, Math.min(MemMap.nextChunk(pfn), frontier) - pfn, PageFlags.BUDDY);
            }
        }
        require(flagged == blocks, flagged + " frames carry PageBuddy but " + blocks + " blocks are listed");
        long free = listed + (map.frames() - frontier);
        require(free == freeFrames, "free frames recount " + free + " but the counter says " + freeFrames);
        return blocks;
    }

    /** No two free blocks overlap: sorted by start, each ends before the next begins. */
    private static void requireDisjoint(long[] starts, long[] ends) {
        Integer[] order = new Integer[starts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
        for (int i = 1; i < order.length; i++) {
            require(ends[order[i - 1]] <= starts[order[i]], String.format(
                    "free block at pfn %#x overlaps the one at %#x", starts[order[i]], starts[order[i - 1]]));
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("buddy allocator: " + problem);
        }
    }

    private void checkOrder(int order) {
        if (order < 0 || order > maxOrder) {
            throw new IllegalArgumentException("order " + order + ": expected 0 to " + maxOrder);
        }
    }

    private boolean isFreeHead(long pfn, int order) {
        return map.touched(pfn) && map.test(pfn, PageFlags.BUDDY) && map.priv(pfn) == order;
    }

    /** The smallest listed block of at least {@code order}, split down to it. */
    private long takeFromLists(int order) {
        for (int k = order; k <= maxOrder; k++) {
            if (counts[k] > 0) {
                long pfn = lists[k][counts[k] - 1];
                remove(pfn, k);
                while (k > order) {
                    k--;
                    add(pfn + (1L << k), k);
                }
                return pfn;
            }
        }
        return NO_PAGE;
    }

    /** A block from untouched memory; the alignment gap below it goes onto the lists. */
    private long carveFromFrontier(int order) {
        long size = 1L << order;
        long aligned = (frontier + size - 1) & -size;
        if (aligned + size > map.frames()) {
            return NO_PAGE;
        }
        for (long p = frontier; p < aligned; ) {
            int k = Math.min(Long.numberOfTrailingZeros(p), maxOrder);
            while (p + (1L << k) > aligned) {
                k--;
            }
            add(p, k);
            p += 1L << k;
        }
        frontier = aligned + size;
        return aligned;
    }

    /** Gives back to the untouched region every free block that ends at the frontier. */
    private void lowerFrontier() {
        boolean lowered = true;
        while (lowered && frontier > 0) {
            lowered = false;
            for (int k = maxOrder; k >= 0; k--) {
                long head = frontier - (1L << k);
                if (head >= 0 && (head & ((1L << k) - 1)) == 0 && isFreeHead(head, k)) {
                    remove(head, k);
                    frontier = head;
                    lowered = true;
                    break;
                }
            }
        }
    }

    private void add(long pfn, int order) {
        if (counts[order] == lists[order].length) {
            lists[order] = Arrays.copyOf(lists[order], lists[order].length * 2);
        }
        int slot = counts[order]++;
        lists[order][slot] = pfn;
        map.set(pfn, PageFlags.BUDDY);
        map.setPriv(pfn, order);
        map.setIndex(pfn, slot);
    }

    private void remove(long pfn, int order) {
        int slot = (int) map.index(pfn);
        int last = --counts[order];
        long moved = lists[order][last];
        lists[order][slot] = moved;
        map.setIndex(moved, slot);
        map.reset(pfn);
    }
}
