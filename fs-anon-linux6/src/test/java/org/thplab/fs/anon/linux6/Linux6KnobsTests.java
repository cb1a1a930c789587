package org.thplab.fs.anon.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The knobs 6.18 takes: fs-anon's, and defrag=defer+madvise. */
class Linux6KnobsTests {

    @Test
    void defragTakesDeferPlusMadvise() {
        Linux6Knobs knobs = new Linux6Knobs(512);
        knobs.set("defrag", "defer+madvise");
        assertEquals("defer+madvise", knobs.defrag);
    }

    @Test
    void theKhugepagedLimitsDefaultAsUpstreamAndStopAtOneBelowAPmd() {
        Linux6Knobs knobs = new Linux6Knobs(512);
        assertEquals(511, knobs.maxPtesNone);
        assertEquals(64, knobs.maxPtesSwap);
        assertEquals(256, knobs.maxPtesShared);
        knobs.set("max_ptes_none", "511");
        var e = assertThrows(IllegalArgumentException.class, () -> knobs.set("max_ptes_none", "512"));
        assertEquals("bad max_ptes_none=512: expected 0 to 511", e.getMessage());
    }

    @Test
    void anUnknownKnobListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Linux6Knobs(512).set("shmem_enabled", "always"));
        assertEquals("unknown THP knob 'shmem_enabled': expected one of [enabled, defrag, use_zero_page,"
                + " max_ptes_none, max_ptes_swap, max_ptes_shared]", e.getMessage());
    }

    @Test
    void enabledTakesTheThreeWordsOnly() {
        Linux6Knobs knobs = new Linux6Knobs(32);
        knobs.set("enabled", "never");
        assertEquals(Linux6Knobs.Enabled.NEVER, knobs.enabled);
        assertThrows(IllegalArgumentException.class, () -> knobs.set("enabled", "inherit"));
    }
}
