package org.thplab.mm.pgtable;

/**
 * Finds a PTE table by its physical address, which is all a PMD entry holds. Used when a
 * pointer is stored or a withdrawn table is freed, never on a walk.
 *
 * <p>An open-addressing table of primitive keys (linear probing, deletion by backward
 * shift): a huge PMD deposits one table, so a machine with millions of THPs holds millions
 * of entries, and a boxed {@code Long} key with its map node would cost more than the table
 * itself. Guarded by its own monitor (writers come from the allocator, readers from any
 * PMD-lock holder).
 */
final class TableRegistry {
    private static final long EMPTY = -1; // no table has this address
    private long[] keys = newKeys(16);
    private PteTableImpl[] values = new PteTableImpl[16];
    private int size;

    private static long[] newKeys(int n) {
        long[] k = new long[n];
        java.util.Arrays.fill(k, EMPTY);
        return k;
    }

    private static int hash(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    synchronized void add(PteTableImpl table) {
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2);
        }
        long key = table.physAddress();
        int mask = keys.length - 1;
        int i = hash(key, mask);
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == EMPTY) {
            size++;
        }
        keys[i] = key;
        values[i] = table;
    }

    synchronized void remove(PteTableImpl table) {
        int mask = keys.length - 1;
        int i = find(table.physAddress());
        if (i < 0 || values[i] != table) {
            return;
        }
        size--;
        // backward-shift deletion: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(keys[j], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = null;
    }

    private int find(long key) {
        int mask = keys.length - 1;
        for (int i = hash(key, mask); keys[i] != EMPTY; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    synchronized PteTableImpl pteTable(long physAddress) {
        int i = find(physAddress);
        if (i < 0) {
            throw new IllegalStateException(String.format("no PTE table at %#x", physAddress));
        }
        return values[i];
    }

    synchronized int size() {
        return size;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        PteTableImpl[] oldValues = values;
        keys = newKeys(capacity);
        values = new PteTableImpl[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = hash(oldKeys[j], mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
