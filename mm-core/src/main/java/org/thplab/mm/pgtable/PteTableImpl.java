package org.thplab.mm.pgtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.PteTable;

/**
 * A PTE table: the architecture's encoded entries in a {@code long[]}, the frame (and, on
 * ppc64, the fragment of it) that holds them, and the split lock of that frame.
 */
public final class PteTableImpl implements PteTable {
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] entries;
    private final long physAddress;
    private final long pfn;
    private final ReentrantLock ptlock;
    private PteTable lruNext;
    private PteTable lruPrev;

    PteTableImpl(int size, long physAddress, long pfn, ReentrantLock ptlock) {
        this.entries = new long[size];
        this.physAddress = physAddress;
        this.pfn = pfn;
        this.ptlock = ptlock;
    }

    @Override
    public int size() {
        return entries.length;
    }

    @Override
    public long get(int index) {
        return (long) ENTRIES.getVolatile(entries, index);
    }

    @Override
    public void set(int index, long value) {
        ENTRIES.setVolatile(entries, index, value);
    }

    /** Atomically replaces the entry and returns the old one (ptep_get_and_clear with 0). */
    public long getAndSet(int index, long value) {
        return (long) ENTRIES.getAndSet(entries, index, value);
    }

    /** Atomically replaces {@code expected} by {@code value}, as hardware setting accessed and dirty bits. */
    public boolean compareAndSet(int index, long expected, long value) {
        return ENTRIES.compareAndSet(entries, index, expected, value);
    }

    @Override
    public long physAddress() {
        return physAddress;
    }

    /** The frame holding this table. */
    public long pfn() {
        return pfn;
    }

    @Override
    public ReentrantLock ptlock() {
        return ptlock;
    }

    @Override
    public PteTable lruNext() {
        return lruNext;
    }

    @Override
    public PteTable lruPrev() {
        return lruPrev;
    }

    @Override
    public void setLruNext(PteTable next) {
        lruNext = next;
    }

    @Override
    public void setLruPrev(PteTable prev) {
        lruPrev = prev;
    }

    @Override
    public String toString() {
        return String.format("pte table %#x", physAddress);
    }
}
