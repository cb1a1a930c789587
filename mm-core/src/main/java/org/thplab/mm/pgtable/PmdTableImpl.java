package org.thplab.mm.pgtable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * A PMD table: encoded entries, the PTE table each pointer entry names (decoded once, when
 * the pointer is stored, so walks never look tables up), the shadow half of deposit slots
 * where the geometry has one, the deposit list anchor and the split lock.
 */
public final class PmdTableImpl implements PmdTable {
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CHILDREN = MethodHandles.arrayElementVarHandle(PteTableImpl[].class);

    private final long[] entries;
    private final PteTableImpl[] children;
    private final PteTable[] shadow;
    private final long physAddress;
    private final ReentrantLock ptlock = new ReentrantLock();
    private final PmdCodec codec;
    private final TableRegistry registry;
    private PteTable hugePte;

    PmdTableImpl(int size, boolean shadowHalf, long physAddress, PmdCodec codec, TableRegistry registry) {
        this.entries = new long[size];
        this.children = new PteTableImpl[size];
        this.shadow = shadowHalf ? new PteTable[size] : null;
        this.physAddress = physAddress;
        this.codec = codec;
        this.registry = registry;
    }

    @Override
    public int size() {
        return entries.length;
    }

    @Override
    public long get(int index) {
        return (long) ENTRIES.getVolatile(entries, index);
    }

    /*
     * Writers hold the PMD lock; walkers read without it. The decoded child is published
     * before the entry, so a walker that sees a pointer entry also sees its child.
     */

    @Override
    public void set(int index, long value) {
        CHILDREN.setVolatile(children, index, decode(value));
        ENTRIES.setVolatile(entries, index, value);
    }

    @Override
    public long getAndSet(int index, long value) {
        CHILDREN.setVolatile(children, index, decode(value));
        return (long) ENTRIES.getAndSet(entries, index, value);
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
        PteTableImpl before = children[index];
        CHILDREN.setVolatile(children, index, decode(value));
        if (ENTRIES.compareAndSet(entries, index, expected, value)) {
            return true;
        }
        CHILDREN.setVolatile(children, index, before);
        return false;
    }

    /** The PTE table a pointer entry names; null for an empty or huge entry. */
    private PteTableImpl decode(long value) {
        if (codec.none(value) || codec.transHuge(value)) {
            return null;
        }
        return registry.pteTable(codec.tableAddress(value));
    }

    /** The PTE table entry {@code index} points to, or null when it is none or huge. */
    public PteTableImpl child(int index) {
        return (PteTableImpl) CHILDREN.getVolatile(children, index);
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

    /** Whether the geometry gave this table a shadow half. */
    public boolean hasShadowHalf() {
        return shadow != null;
    }

    private PteTable[] shadow() {
        if (shadow == null) {
            throw new UnsupportedOperationException("this architecture's PMD tables have no shadow half");
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
        return String.format("pmd table %#x", physAddress);
    }
}
