package org.thplab.arch.tck;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * A test double of the core's PMD table: entries, address and lock from {@link KitTable},
 * the deposit-list anchor of its page, and the shadow half of deposit slots when the
 * geometry has one (ppc64 hash). Unlike the core's, it keeps no decoded child tables: no
 * architecture operation walks down from a PMD.
 */
final class KitPmdTable extends KitTable implements PmdTable {
    private final PteTable[] shadow;
    private PteTable hugePte;

    /** An empty PMD table of {@code geometry}'s shape at {@code physAddress}. */
    KitPmdTable(Geometry geometry, long physAddress) {
        super(geometry.ptrsPerPmd(), physAddress);
        this.shadow = geometry.pmdShadowHalf() ? new PteTable[geometry.ptrsPerPmd()] : null;
    }

    @Override
    public long getAndSet(int index, long value) {
        return entries().getAndSet(index, value);
    }

    @Override
    public boolean compareAndSet(int index, long expected, long value) {
        return entries().compareAndSet(index, expected, value);
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
}
