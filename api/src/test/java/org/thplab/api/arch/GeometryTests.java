package org.thplab.api.arch;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GeometryTests {
    private static Geometry x86() {
        return new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47);
    }

    @Test
    void derivesSizesAndIndexes() {
        Geometry g = x86();
        assertEquals(4096, g.pageSize());
        assertEquals(1L << 21, g.pmdSize());
        assertEquals(-(1L << 21), g.pmdMask());
        assertEquals(512, g.hpagePmdNr());
        assertEquals(9, g.hpagePmdOrder());
        long addr = (3L << 39) | (4L << 30) | (5L << 21) | (6L << 12) | 7;
        assertEquals(3, g.pgdIndex(addr));
        assertEquals(4, g.pudIndex(addr));
        assertEquals(5, g.pmdIndex(addr));
        assertEquals(6, g.pteIndex(addr));
        assertEquals(1L << 47, g.taskSize());
        assertFalse(g.pmdShadowHalf());
        assertTrue(new Geometry(16, 24, 29, 34, 256, 32, 32, 4096, 4096, 16, 512, 57, 46).pmdShadowHalf());
    }

    @Test
    void inconsistentShiftsAreRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Geometry(12, 22, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47));
        assertEquals("geometry: pmdShift = 22, expected 21 (the level below plus log2 of its entries)", e.getMessage());
    }

    @Test
    void otherBadValuesAreNamed() {
        assertMessage("ptrsPerPmd = 500", () -> new Geometry(12, 21, 30, 39, 512, 500, 512, 512, 4096, 1, 4096, 46, 47));
        assertMessage("pmdTableBytes = 1000", () -> new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 1000, 46, 47));
        assertMessage("pteTableBytes = 1024", () -> new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 1024, 1, 4096, 46, 47));
        assertMessage("userAddressBits = 49", () -> new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 49));
        assertMessage("pageShift = 11", () -> new Geometry(11, 20, 29, 38, 512, 512, 512, 512, 4096, 1, 4096, 46, 47));
    }

    @Test
    void pfnOutOfRangeNamesTheRange() {
        Geometry g = x86();
        assertEquals(5, g.checkPfn("x86_64", 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.checkPfn("x86_64", 1L << 34));
        assertEquals("x86_64: pfn 0x400000000 out of range: expected 0 to 0x3ffffffff (46-bit physical addresses)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.checkPfn("x86_64", -1));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains("expected"), e.getMessage());
    }
}
