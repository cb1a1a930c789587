package org.thplab.mm.pagecache;

import java.util.Arrays;

/**
 * One file's page cache: file page index to pfn, in an open-addressing table of two
 * {@code long[]}s (Agrona's Long2LongHashMap shape) so lookups on the fault path neither
 * box nor allocate. Removal back-fills the probe chain, so there are no tombstones.
 *
 * <p>Not thread safe: guarded by the owning {@link AddressSpace}'s tree lock.
 */
public final class PageCache {
    /** What {@link #find} returns for an index with no page. */
    public static final long NO_PAGE = -1;
    private static final long EMPTY = -1;

    private long[] keys = new long[16];
    private long[] values = new long[16];
    private int size;

    public PageCache() {
        Arrays.fill(keys, EMPTY);
    }

    /** find_get_entry(): the pfn cached at {@code index}, or {@link #NO_PAGE}. */
    public long find(long index) {
        int mask = keys.length - 1;
        for (int i = hash(index, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == index) {
                return values[i];
            }
            if (k == EMPTY) {
                return NO_PAGE;
            }
        }
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
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = hash(index, mask); ; i = (i + 1) & mask) {
            if (keys[i] == index) {
                throw new IllegalStateException(String.format("page cache index %d already holds pfn %#x", index,
                        values[i]));
            }
            if (keys[i] == EMPTY) {
                keys[i] = index;
                values[i] = pfn;
                size++;
                return;
            }
        }
    }

    /** delete_from_page_cache(): removes {@code index}; returns its pfn or {@link #NO_PAGE}. */
    public long delete(long index) {
        int mask = keys.length - 1;
        for (int i = hash(index, mask); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == EMPTY) {
                return NO_PAGE;
            }
            if (k == index) {
                long pfn = values[i];
                keys[i] = EMPTY;
                size--;
                compactChain(i);
                return pfn;
            }
        }
    }

    /** The number of cached pages. */
    public int size() {
        return size;
    }

    /** Visits every cached page (index, pfn), in no particular order. */
    public void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    /** A cached page. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long index, long pfn);
    }

    private void compactChain(int deleted) {
        int mask = keys.length - 1;
        int gap = deleted;
        for (int i = (deleted + 1) & mask; keys[i] != EMPTY; i = (i + 1) & mask) {
            int home = hash(keys[i], mask);
            // The entry may fill the gap unless its home slot lies cyclically in (gap, i].
            boolean reachable = gap < i ? gap < home && home <= i : gap < home || home <= i;
            if (!reachable) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                keys[i] = EMPTY;
                gap = i;
            }
        }
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                add(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int hash(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
