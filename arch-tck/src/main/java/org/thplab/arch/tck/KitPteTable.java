package org.thplab.arch.tck;

import org.thplab.api.arch.PteTable;

/**
 * A test double of the core's PTE table ({@code pgtable_t}): entries, address and lock from
 * {@link KitTable}, plus the two {@code page->lru} words a deposit list links through.
 */
final class KitPteTable extends KitTable implements PteTable {
    private PteTable lruNext;
    private PteTable lruPrev;

    /** A zeroed table of {@code size} entries at {@code physAddress}. */
    KitPteTable(int size, long physAddress) {
        super(size, physAddress);
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
}
