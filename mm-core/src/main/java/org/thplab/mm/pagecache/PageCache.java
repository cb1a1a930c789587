package org.thplab.mm.pagecache;

import java.util.Arrays;

/**
 * One file's page cache: file page index to pfn, as a two-level radix of {@code long[]}
 * chunks (the kernel's radix tree, flattened), allocated as indexes are first used. Lookups
 * on the fault path neither box nor allocate, and neighbouring pages share a chunk.
 *
 * <pre>
 * index:  | top (index >>> 12) | slot (low 12 bits) |
 * chunks[top][slot] = pfn + 1, or 0 for an empty index
 * </pre>
 *
 * <p>Not thread safe: guarded by the owning {@link AddressSpace}'s tree lock.
 */
public final class PageCache {
    /** What {@link #find} returns for an index with no page. */
    public static final long NO_PAGE = -1;
    private static final int SHIFT = 12;
    private static final int MASK = (1 << SHIFT) - 1;
    /** Indexes a file may hold: 2^36 pages, 256 TiB of 4 KiB pages (the top level stays at most 128 MiB). */
    public static final long MAX_INDEX = (1L << 36) - 1;

    private long[][] chunks = new long[1][];
    private int size;

    /** find_get_entry(): the pfn cached at {@code index}, or {@link #NO_PAGE}. */
    public long find(long index) {
        long top = index >>> SHIFT;
        if (index < 0 || top >= chunks.length) {
            return NO_PAGE;
        }
        long[] chunk = chunks[(int) top];
        return chunk == null ? NO_PAGE : chunk[(int) (index & MASK)] - 1;
    }

    /**
     * add_to_page_cache(): caches {@code pfn} at {@code index}.
     *
     * @throws IllegalStateException if the index already holds a page (the kernel's -EEXIST)
     */
    public void add(long index, long pfn) {
        if (index < 0 || pfn < 0) {
            throw new IllegalArgumentException("index " + index + ", pfn " + pfn + ": expected both non-negative");
        }
        long[] chunk = chunkFor(index);
        int slot = (int) (index & MASK);
        if (chunk[slot] != 0) {
            throw new IllegalStateException(String.format("page cache index %d already holds pfn %#x", index,
                    chunk[slot] - 1));
        }
        chunk[slot] = pfn + 1;
        size++;
    }

    /** delete_from_page_cache(): removes {@code index}; returns its pfn or {@link #NO_PAGE}. */
    public long delete(long index) {
        long top = index >>> SHIFT;
        if (index < 0 || top >= chunks.length || chunks[(int) top] == null) {
            return NO_PAGE;
        }
        long[] chunk = chunks[(int) top];
        int slot = (int) (index & MASK);
        long pfn = chunk[slot] - 1;
        if (pfn >= 0) {
            chunk[slot] = 0;
            size--;
        }
        return pfn;
    }

    /** The number of cached pages. */
    public int size() {
        return size;
    }

    /** Visits every cached page (index, pfn), in index order. */
    public void forEach(Visitor visitor) {
        for (int top = 0; top < chunks.length; top++) {
            long[] chunk = chunks[top];
            if (chunk == null) {
                continue;
            }
            for (int slot = 0; slot <= MASK; slot++) {
                if (chunk[slot] != 0) {
                    visitor.visit(((long) top << SHIFT) | slot, chunk[slot] - 1);
                }
            }
        }
    }

    /** A cached page. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long index, long pfn);
    }

    private long[] chunkFor(long index) {
        long top = index >>> SHIFT;
        if (index > MAX_INDEX) {
            throw new IllegalArgumentException("page cache index " + index + ": expected at most " + MAX_INDEX);
        }
        if (top >= chunks.length) {
            chunks = Arrays.copyOf(chunks, (int) Math.min((MAX_INDEX >>> SHIFT) + 1, Math.max(top + 1, 2L * chunks.length)));
        }
        long[] chunk = chunks[(int) top];
        if (chunk == null) {
            chunk = chunks[(int) top] = new long[MASK + 1];
        }
        return chunk;
    }
}
