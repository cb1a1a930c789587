package org.thplab.arch.tck;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/** A plain PMD table, with a shadow half when the geometry asks for one. */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class KitPmdTable implements PmdTable {
    private final AtomicLongArray entries;
    private final PteTable[] shadow;
    private final long physAddress;
    private final ReentrantLock ptlock = new ReentrantLock();
    private PteTable hugePte;

    /** An empty PMD table of {@code geometry}'s shape at {@code physAddress}. */
    public KitPmdTable(Geometry geometry, long physAddress) {
        this.entries = new AtomicLongArray(geometry.ptrsPerPmd());
        this.shadow = geometry.pmdShadowHalf() ? new PteTable[geometry.ptrsPerPmd()] : null;
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
    public long getAndSet(int index, long value) {
        return entries.getAndSet(index, value);
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
        return entries.compareAndSet(index, expected, value);
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
    public PteTable depositSlot(int index) {
        return shadow()[index];
    }

    @Override
    public void setDepositSlot(int index, PteTable table) {
        shadow()[index] = table;
    }

    private PteTable[] shadow() {
        if (shadow == null) {
            throw new UnsupportedOperationException("this geometry's PMD tables have no shadow half of deposit slots");
        }
        return shadow;
    }

    @Override
    public PteTable hugePte() {
        return hugePte;
    }

    @Override
    public void setHugePte(PteTable head) {
        hugePte = head;
    }

    @Override
    public String toString() {
        return String.format("PmdTable@%#x", physAddress);
    }
}
