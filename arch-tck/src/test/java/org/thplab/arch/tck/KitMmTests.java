package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/** The kit's mm and its table doubles hold what the SPI promises an architecture. */
class KitMmTests {
    private final ToyArchitecture arch = new ToyArchitecture();
    private final Geometry g = arch.geometry();
    private final KitMm mm = new KitMm(arch);

    @Test
    void tablesHaveTheGeometrysShapeAndDistinctAlignedAddresses() {
        Set<Long> addresses = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            PteTable pte = mm.newPteTable();
            PmdTable pmd = mm.newPmdTable();
            assertEquals(g.ptrsPerPte(), pte.size());
            assertEquals(g.ptrsPerPmd(), pmd.size());
            for (long addr : new long[] {pte.physAddress(), pmd.physAddress()}) {
                assertEquals(0, addr % g.pteTableBytes(), () -> String.format("%#x is not table-aligned", addr));
                assertTrue(addresses.add(addr), () -> String.format("%#x handed out twice", addr));
            }
            assertEquals(0, pte.get(g.ptrsPerPte() - 1), "a new PTE table is zeroed");
            assertNull(pte.lruNext(), "a new PTE table is on no deposit list");
            assertNull(pmd.hugePte(), "a new PMD table anchors no deposit");
            assertNotSame(pte.ptlock(), pmd.ptlock(), "each table page has its own lock");
        }
    }

    @Test
    void pmdEntriesChangeAtomicallyAndShadowSlotsExistOnlyWhereTheGeometryHasThem() {
        PmdTable pmd = mm.newPmdTable();
        pmd.set(3, 7);
        assertEquals(7, pmd.getAndSet(3, 9));
        assertFalse(pmd.compareAndSet(3, 7, 11), "a stale expected value must not win");
        assertTrue(pmd.compareAndSet(3, 9, 11));
        assertEquals(11, pmd.get(3));
        assertFalse(g.pmdShadowHalf(), "the toy has no shadow half");
        assertThrows(UnsupportedOperationException.class, () -> pmd.depositSlot(0));
    }

    @Test
    void eventsAreRecordedInOrderUntilCleared() {
        mm.archEvent(ArchEvent.FLUSH_TLB_RANGE, 0, 4096);
        mm.archEvent(ArchEvent.UPDATE_MMU_CACHE, 8192, 12288);
        assertEquals(List.of(new KitMm.Event(ArchEvent.FLUSH_TLB_RANGE, 0, 4096),
                new KitMm.Event(ArchEvent.UPDATE_MMU_CACHE, 8192, 12288)), mm.events());
        mm.clearEvents();
        assertEquals(List.of(), mm.events());
    }
}
