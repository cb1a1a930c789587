package org.thplab.mm.page;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MemMapTests {
    private final MemMap map = new MemMap(3L << 20);

    @Test
    void untouchedFramesReadAsZeroAndCostNothing() {
        long pfn = 2_000_000;
        assertEquals(0, map.flags(pfn));
        assertEquals(0, map.refcount(pfn));
        assertEquals(0, map.content(pfn));
        assertEquals(0, map.touchedChunks());
        map.setContent(pfn, (byte) 7);
        assertEquals(1, map.touchedChunks());
        assertTrue(map.touched(pfn));
        assertFalse(map.touched(0));
    }

    @Test
    void fieldsAreIndependentPerFrame() {
        map.set(5, PageFlags.TEAM | PageFlags.DIRTY);
        map.addRefcount(5, 3);
        map.addMapcount(6, 2);
        map.setIndex(5, 42);
        map.setMapping(5, 9);
        assertEquals(1000 + 0x80000000L, map.addPriv(5, 1000 + 0x80000000L));
        assertTrue(map.test(5, PageFlags.TEAM));
        assertFalse(map.test(6, PageFlags.TEAM));
        assertEquals(3, map.refcount(5));
        assertEquals(0, map.mapcount(5));
        assertEquals(2, map.mapcount(6));
        assertEquals(42, map.index(5));
        assertEquals(9, map.mapping(5));
        assertEquals("dirty|team", PageFlags.describe(map.flags(5)));
        map.reset(5);
        assertEquals(0, map.flags(5) | map.refcount(5) | map.mapping(5));
        assertEquals(0, map.priv(5));
    }

    @Test
    void thePageLockIsExclusive() {
        assertTrue(map.trylockPage(8));
        assertFalse(map.trylockPage(8));
        map.unlockPage(8);
        assertTrue(map.trylockPage(8));
        map.unlockPage(8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> map.unlockPage(8));
        assertEquals("unlock_page of pfn 0x8, which was not locked", e.getMessage());
    }

    @Test
    void pfnsOutsideMemoryAreRejected() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> map.flags(3L << 20));
        assertEquals("pfn 0x300000 outside memory of 0x300000 frames", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemMap(0));
    }
}
