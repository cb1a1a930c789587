package org.thplab.mm.pgtable;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a PTE table by its physical address, which is all a PMD entry holds. Used when a
 * pointer is stored or a withdrawn table is freed, never on a walk.
 */
final class TableRegistry {
    private final ConcurrentHashMap<Long, PteTableImpl> byAddress = new ConcurrentHashMap<>();

    void add(PteTableImpl table) {
        byAddress.put(table.physAddress(), table);
    }

    void remove(PteTableImpl table) {
        byAddress.remove(table.physAddress(), table);
    }

    PteTableImpl pteTable(long physAddress) {
        PteTableImpl t = byAddress.get(physAddress);
        if (t == null) {
            throw new IllegalStateException(String.format("no PTE table at %#x", physAddress));
        }
        return t;
    }

    int size() {
        return byAddress.size();
    }
}
