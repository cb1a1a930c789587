package org.thplab.mm.page;

/**
 * The per-frame fields of one materialized block of a {@link FrameChunk}: what a block's
 * tails cost once one of them differs from the block's template. Slot 0, the head's, is
 * unused (heads always have fields of their own).
 */
final class BlockTails {
    final int[][] ints;
    final long[][] longs;
    final byte[] content;

    BlockTails(int frames) {
        ints = new int[FrameChunk.INT_FIELDS][frames];
        longs = new long[FrameChunk.LONG_FIELDS][frames];
        content = new byte[frames];
    }
}
