package org.thplab.arch.tck;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;
import org.thplab.api.arch.PteTable;

/** A plain PTE table for driving an Architecture outside the core. */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class KitPteTable implements PteTable {
    private final AtomicLongArray entries;
    private final long physAddress;
    private final ReentrantLock ptlock = new ReentrantLock();
    private PteTable lruNext;
    private PteTable lruPrev;

    /** A zeroed table of {@code size} entries at {@code physAddress}. */
    public KitPteTable(int size, long physAddress) {
        this.entries = new AtomicLongArray(size);
        this.physAddress = physAddress;
    }

    @Override
    public int size() {
        return entries.length();
    }

    @Override
    public long get(int index) {
        return entries.get(index);
    }

    @Override
    public void set(int index, long value) {
        entries.set(index, value);
    }

    @Override
    public long physAddress() {
        return physAddress;
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
        return String.format("PteTable@%#x", physAddress);
    }
}
