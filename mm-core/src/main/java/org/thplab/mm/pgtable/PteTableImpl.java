package org.thplab.mm.pgtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.PteTable;

/**
 * A PTE table: the architecture's encoded entries in a {@code long[]}, the frame (and, on
 * ppc64, the fragment of it) that holds them, and the split lock of that frame.
 *
 * <p>The entries exist only once one is written: a table deposited for a huge PMD stays
 * empty until a split, and an empty table costs a small object, not a page of longs.
 */
public final class PteTableImpl implements PteTable {
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ARRAY;

    static {
        try {
            ARRAY = MethodHandles.lookup().findVarHandle(PteTableImpl.class, "entries", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null until the first entry is written; installed once, by CAS, whichever thread writes first. */
    private volatile long[] entries;
    private final int size;
    private long physAddress;
    private long pfn;
    private final ReentrantLock ptlock;
    private PteTable lruNext;
    private PteTable lruPrev;

    PteTableImpl(int size, long physAddress, long pfn, ReentrantLock ptlock) {
        this.size = size;
        this.physAddress = physAddress;
        this.pfn = pfn;
        this.ptlock = ptlock;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long get(int index) {
        long[] a = entries;
        if (a == null) {
            Objects.checkIndex(index, size);
            return 0L;
        }
        return (long) ENTRIES.getVolatile(a, index);
    }

    @Override
    public void set(int index, long value) {
        long[] a = entries;
        if (a == null) {
            Objects.checkIndex(index, size);
            if (value == 0L) {
                return; // already empty
            }
            a = materialize();
        }
        ENTRIES.setVolatile(a, index, value);
    }

    /** Atomically replaces the entry and returns the old one (ptep_get_and_clear with 0). */
    public long getAndSet(int index, long value) {
        long[] a = entries;
        if (a == null) {
            if (value == 0L) {
                Objects.checkIndex(index, size);
                return 0L;
            }
            a = materialize();
        }
        return (long) ENTRIES.getAndSet(a, index, value);
    }

    /** Atomically replaces {@code expected} by {@code value}, as hardware setting accessed and dirty bits. */
    public boolean compareAndSet(int index, long expected, long value) {
        long[] a = entries;
        if (a == null) {
            Objects.checkIndex(index, size);
            if (expected != 0L) {
                return false;
            }
            a = materialize();
        }
        return ENTRIES.compareAndSet(a, index, expected, value);
    }

    /**
     * Makes a freed table the table at {@code physAddress} in frame {@code pfn}: the
     * allocator reuses table objects (with their entries array and lock) so that faults
     * allocate nothing in the steady state. A freed table holds no entry; any left are
     * cleared all the same.
     */
    void reuse(long physAddress, long pfn) {
        long[] a = entries;
        if (a != null) {
            java.util.Arrays.fill(a, 0L);
        }
        this.physAddress = physAddress;
        this.pfn = pfn;
        this.lruNext = null;
        this.lruPrev = null;
    }

    /** The entries array, created by whichever writer comes first. */
    private long[] materialize() {
        long[] fresh = new long[size];
        return ARRAY.compareAndSet(this, null, fresh) ? fresh : entries;
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
