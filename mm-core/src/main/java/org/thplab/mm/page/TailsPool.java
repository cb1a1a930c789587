package org.thplab.mm.page;

/**
 * Tail arrays of blocks that became compact again, kept for the next block that needs its
 * frames apart: a machine that splits and frees THPs over and over (small pages allocated
 * and freed, copy-on-write) reuses them, so its fault paths allocate nothing in the steady
 * state. Bounded, so that what was once materialized is mostly given back to the heap.
 */
final class TailsPool {
    private static final int KEPT = 64;
    private final BlockTails[] kept = new BlockTails[KEPT];
    private int size;

    /** Tail arrays for a block of {@code frames} frames; their old values are to be overwritten. */
    synchronized BlockTails take(int frames) {
        if (size > 0) {
            BlockTails t = kept[--size];
            kept[size] = null;
            return t;
        }
        return new BlockTails(frames);
    }

    synchronized void give(BlockTails t) {
        if (size < KEPT) {
            kept[size++] = t;
        }
    }
}
