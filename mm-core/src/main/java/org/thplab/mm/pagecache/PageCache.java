package org.thplab.mm.pagecache;

import java.util.Arrays;

/**
 * One file's page cache: file page index to pfn, as a two-level radix of {@code long[]}
 * chunks (the kernel's radix tree, flattened), allocated as indexes are first used. Lookups
 * on the fault path neither box nor allocate, and neighbouring pages share a chunk.
 *
 * <p>An aligned run of {@value #RUN} indexes holding consecutive pfns (a team, added at
 * once) is one entry, as a multi-index entry of the kernel's XArray is: it costs 8 bytes,
 * not 4 KiB, and becomes per-index entries only when one of them is deleted.
 *
 * <pre>
 * index:  | top (index >>> 12) | slot (low 12 bits) |
 * runs[top][slot >>> 9] = first pfn of a whole run + 1, or 0
 * chunks[top][slot] = pfn + 1, or 0 for an empty index (for indexes outside runs)
 * dense[top][slot >>> 9] = how many of the run's indexes chunks[top] holds (so empty runs are skipped)
 * </pre>
 *
 * <p>Not thread safe: guarded by the owning {@link AddressSpace}'s tree lock.
 */
public final class PageCache {
    /** What {@link #find} returns for an index with no page. */
    public static final long NO_PAGE = -1;
    private static final int SHIFT = 12;
    private static final int MASK = (1 << SHIFT) - 1;
    /** Indexes in a run kept as one entry. */
    static final int RUN = 512;
    private static final int RUN_SHIFT = 9;
    /** Indexes a file may hold: 2^36 pages, 256 TiB of 4 KiB pages (the top level stays at most 128 MiB). */
    public static final long MAX_INDEX = (1L << 36) - 1;

    private long[][] chunks = new long[1][];
    private long[][] runs = new long[1][];
    private short[][] dense = new short[1][];
    private long size;

    /** find_get_entry(): the pfn cached at {@code index}, or {@link #NO_PAGE}. */
    public long find(long index) {
        long top = index >>> SHIFT;
        if (index < 0 || top >= chunks.length) {
            return NO_PAGE;
        }
        int slot = (int) (index & MASK);
        long[] r = runs[(int) top];
        if (r != null && r[slot >>> RUN_SHIFT] != 0) {
            return r[slot >>> RUN_SHIFT] - 1 + (slot & (RUN - 1));
        }
        long[] chunk = chunks[(int) top];
        return chunk == null ? NO_PAGE : chunk[slot] - 1;
    }

    /** The pfn cached at the lowest index of {@code [first, first + count)}, or {@link #NO_PAGE}. */
    public long findFirst(long first, long count) {
        long end = Math.min(first + count, (long) chunks.length << SHIFT);
        for (long i = Math.max(first, 0); i < end; ) {
            int top = (int) (i >>> SHIFT);
            int slot = (int) (i & MASK);
            long[] r = runs[top];
            if (r != null && r[slot >>> RUN_SHIFT] != 0) {
                return r[slot >>> RUN_SHIFT] - 1 + (slot & (RUN - 1));
            }
            long[] chunk = chunks[top];
            long stop = Math.min(end, (i | (RUN - 1)) + 1); // up to the end of this run
            if (chunk != null && dense[top][slot >>> RUN_SHIFT] != 0) {
                for (long j = i; j < stop; j++) {
                    if (chunk[(int) (j & MASK)] != 0) {
                        return chunk[(int) (j & MASK)] - 1;
                    }
                }
            }
            i = stop;
        }
        return NO_PAGE;
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
        long taken = find(index);
        if (taken != NO_PAGE) {
            throw new IllegalStateException(String.format("page cache index %d already holds pfn %#x", index, taken));
        }
        long[] chunk = chunkFor(index);
        chunk[(int) (index & MASK)] = pfn + 1;
        dense[(int) (index >>> SHIFT)][(int) (index & MASK) >>> RUN_SHIFT]++;
        size++;
    }

    /**
     * Caches pfns {@code pfn, pfn + 1, ...} at {@code index, index + 1, ...}: each whole
     * aligned run of the range becomes one entry.
     *
     * @throws IllegalStateException if an index of the range is taken (nothing is added then)
     */
    public void addRange(long index, long pfn, long n) {
        if (index < 0 || pfn < 0 || n < 0) {
            throw new IllegalArgumentException("index " + index + ", pfn " + pfn + ", n " + n + ": expected non-negative");
        }
        long taken = findFirst(index, n);
        if (taken != NO_PAGE) {
            throw new IllegalStateException(String.format("page cache range %d+%d already holds pfn %#x", index, n, taken));
        }
        for (long i = 0; i < n; ) {
            long at = index + i;
            if ((at & (RUN - 1)) == 0 && n - i >= RUN) {
                grow(at); // the run's dense slots are all empty (checked above): no chunk needed
                long[] r = runs[(int) (at >>> SHIFT)];
                if (r == null) {
                    r = runs[(int) (at >>> SHIFT)] = new long[(MASK + 1) >>> RUN_SHIFT];
                }
                r[(int) (at & MASK) >>> RUN_SHIFT] = pfn + i + 1;
                size += RUN;
                i += RUN;
            } else {
                chunkFor(at)[(int) (at & MASK)] = pfn + i + 1;
                dense[(int) (at >>> SHIFT)][(int) (at & MASK) >>> RUN_SHIFT]++;
                size++;
                i++;
            }
        }
    }

    /** delete_from_page_cache(): removes {@code index}; returns its pfn or {@link #NO_PAGE}. */
    public long delete(long index) {
        long top = index >>> SHIFT;
        if (index < 0 || top >= chunks.length) {
            return NO_PAGE;
        }
        int slot = (int) (index & MASK);
        long[] r = runs[(int) top];
        if (r != null && r[slot >>> RUN_SHIFT] != 0) {
            long first = r[slot >>> RUN_SHIFT] - 1;
            r[slot >>> RUN_SHIFT] = 0;
            long[] chunk = chunkFor(index); // the run falls apart into per-index entries
            int from = slot & ~(RUN - 1);
            for (int k = 0; k < RUN; k++) {
                chunk[from + k] = first + k + 1;
            }
            dense[(int) top][slot >>> RUN_SHIFT] = RUN;
        }
        long[] chunk = chunks[(int) top];
        if (chunk == null) {
            return NO_PAGE;
        }
        long pfn = chunk[slot] - 1;
        if (pfn >= 0) {
            chunk[slot] = 0;
            dense[(int) top][slot >>> RUN_SHIFT]--;
            size--;
        }
        return pfn;
    }

    /** The number of cached pages. */
    public long size() {
        return size;
    }

    /** Visits every cached page (index, pfn), in index order. */
    public void forEach(Visitor visitor) {
        for (int top = 0; top < chunks.length; top++) {
            long[] chunk = chunks[top];
            long[] r = runs[top];
            if (chunk == null && r == null) {
                continue;
            }
            for (int slot = 0; slot <= MASK; slot++) {
                long index = ((long) top << SHIFT) | slot;
                if (r != null && r[slot >>> RUN_SHIFT] != 0) {
                    visitor.visit(index, r[slot >>> RUN_SHIFT] - 1 + (slot & (RUN - 1)));
                } else if (chunk != null && chunk[slot] != 0) {
                    visitor.visit(index, chunk[slot] - 1);
                }
            }
        }
    }

    /** A cached page. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long index, long pfn);
    }

    /** Grows the top level to reach {@code index}. */
    private void grow(long index) {
        long top = index >>> SHIFT;
        if (index > MAX_INDEX) {
            throw new IllegalArgumentException("page cache index " + index + ": expected at most " + MAX_INDEX);
        }
        if (top >= chunks.length) {
            int length = (int) Math.min((MAX_INDEX >>> SHIFT) + 1, Math.max(top + 1, 2L * chunks.length));
            chunks = Arrays.copyOf(chunks, length);
            runs = Arrays.copyOf(runs, length);
            dense = Arrays.copyOf(dense, length);
        }
    }

    private long[] chunkFor(long index) {
        grow(index);
        long top = index >>> SHIFT;
        long[] chunk = chunks[(int) top];
        if (chunk == null) {
            chunk = chunks[(int) top] = new long[MASK + 1];
            dense[(int) top] = new short[(MASK + 1) >>> RUN_SHIFT];
        }
        return chunk;
    }
}
