package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Where regions go: first fit, a PMD clear on each side, holes reused, the end of the user space said plainly. */
class ReservationsTests {
    private static final long PMD = TestGeometry.X86.pmdSize();
    private static final long TIB = 1L << 40;

    private final Reservations r = new Reservations(TestGeometry.X86);

    @Test
    void regionsFollowOneAnotherWithAtLeastOnePmdClearOnEachSide() {
        long a = r.reserve(3 * PMD + 4096, 0);
        long b = r.reserve(PMD, 8192);
        assertEquals(257 * PMD, a, "the first region's place, as before holes were reused");
        assertEquals(0, (b - 8192) % PMD, "PMD aligned plus the shift");
        assertTrue(b - 8192 - (a + 3 * PMD + 4096) >= 2 * PMD - 4096, "a free PMD after one block and before the next");
    }

    @Test
    void anUnmappedRangeStaysUnusedWhileThereIsRoomAbove() {
        long a = r.reserve(4 * PMD, 0);
        long b = r.reserve(PMD, 0);
        r.release(a);
        assertTrue(r.reserve(2 * PMD, 0) > b, "an access to the unmapped region still faults");
    }

    @Test
    void holesAreReusedFirstFitOnceTheTopIsReached() {
        long a = r.reserve(4 * PMD, 0);
        long b = r.reserve(PMD, 0);
        r.release(a);
        r.reserve(TestGeometry.X86.taskSize() - b - 4 * PMD, 0); // fills all that is left above
        assertEquals(a, r.reserve(2 * PMD, 0), "the hole left by the first region takes a smaller one");
        assertThrows(IllegalStateException.class, () -> r.reserve(8 * PMD, 0), "no hole is large enough");
    }

    @Test
    void aBlockHeldByAForkedChildStaysUntilBothLetGo() {
        long a = r.reserve(PMD, 0);
        r.hold(a);
        r.release(a);
        r.reserve(TestGeometry.X86.taskSize() - a - 4 * PMD, 0); // fills all that is left above
        assertThrows(IllegalStateException.class, () -> r.reserve(PMD, 0), "the child still maps it");
        r.release(a);
        assertEquals(a, r.reserve(PMD, 0));
    }

    @Test
    void mappingAndUnmappingForeverNeverRunsOut() {
        for (int i = 0; i < 100_000; i++) {
            r.release(r.reserve(16L << 30, 0)); // 100,000 x 16 GiB is 1.5 PiB, more than the 128 TiB there are
        }
        assertTrue(r.reserve(64 * TIB, 0) > 0, "nothing is left held");
    }

    @Test
    void aFullAddressSpaceIsSaidPlainly() {
        for (int i = 0; i < 7; i++) {
            r.reserve(16 * TIB, 0);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.reserve(16 * TIB, 0));
        assertEquals("the address space is full: no hole for 16 TiB among the 7 live regions of the 47-bit user"
                + " space", e.getMessage());
        assertTrue(r.reserve(15 * TIB, 0) > 0, "a smaller region still fits");
    }

    @Test
    void sizesReadAsAPersonWould() {
        assertEquals("16 TiB", Sizes.human(16 * TIB));
        assertEquals("4 KiB", Sizes.human(4096));
        assertEquals("4097 bytes", Sizes.human(4097));
        assertEquals("3 MiB", Sizes.human(3L << 20));
    }
}
