package org.thplab.arch.tck;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the kit's PTE and PMD tables share: entries readable and writable atomically, a
 * physical address and the split lock of the page the table lives in.
 */
abstract class KitTable {
    private final AtomicLongArray entries;
    private final long physAddress;
    private final ReentrantLock ptlock = new ReentrantLock();

    KitTable(int size, long physAddress) {
        this.entries = new AtomicLongArray(size);
        this.physAddress = physAddress;
    }

    public int size() {
        return entries.length();
    }

    public long get(int index) {
        return entries.get(index);
    }

    public void set(int index, long value) {
        entries.set(index, value);
    }

    final AtomicLongArray entries() {
        return entries;
    }

    public long physAddress() {
        return physAddress;
    }

    public ReentrantLock ptlock() {
        return ptlock;
    }

    @Override
    public String toString() {
        return String.format("%s@%#x", getClass().getSimpleName(), physAddress);
    }
}
