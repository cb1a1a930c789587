package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The knobs: upstream defaults scaled to the huge page, and clear refusals. */
class ThpKnobsTests {

    @ParameterizedTest
    @CsvSource({"512, 511, 64, 256", "256, 255, 32, 128", "32, 31, 4, 16"})
    void theKhugepagedLimitsDefaultAsUpstreamScalesThem(int nr, int none, int swap, int shared) {
        ThpKnobs k = new ThpKnobs(nr);
        assertEquals(none, k.maxPtesNone);
        assertEquals(swap, k.maxPtesSwap);
        assertEquals(shared, k.maxPtesShared);
        assertEquals(ThpKnobs.Enabled.ALWAYS, k.enabled);
        assertEquals("madvise", k.defrag);
        assertEquals(true, k.useZeroPage);
    }

    @Test
    void everyKnobTakesItsValues() {
        ThpKnobs k = new ThpKnobs(512);
        k.set("enabled", "madvise");
        k.set("defrag", "defer");
        k.set("use_zero_page", "0");
        k.set("max_ptes_none", "0");
        k.set("max_ptes_swap", "511");
        k.set("max_ptes_shared", "7");
        assertEquals(ThpKnobs.Enabled.MADVISE, k.enabled);
        assertEquals("defer", k.defrag);
        assertEquals(false, k.useZeroPage);
        assertEquals(0, k.maxPtesNone);
        assertEquals(511, k.maxPtesSwap);
        assertEquals(7, k.maxPtesShared);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "enabled|on|bad enabled=on: expected always, madvise or never",
        "defrag|sometimes|bad defrag=sometimes: expected always, defer, madvise or never",
        "use_zero_page|yes|bad use_zero_page=yes: expected 0 or 1",
        "max_ptes_none|512|bad max_ptes_none=512: expected 0 to 511",
        "max_ptes_swap|-1|bad max_ptes_swap=-1: expected 0 to 511",
        "max_ptes_shared|many|bad max_ptes_shared=many: expected 0 to 511",
        "colour|blue|unknown THP knob 'colour': expected one of [enabled, defrag, use_zero_page, max_ptes_none,"
                + " max_ptes_swap, max_ptes_shared]"})
    void badValuesAreRefusedNamingWhatIsExpectedAndChangeNothing(String knob, String value, String message) {
        ThpKnobs k = new ThpKnobs(512);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k.set(knob, value));
        assertEquals(message, e.getMessage());
        assertEquals(ThpKnobs.Enabled.ALWAYS, k.enabled);
        assertEquals(511, k.maxPtesNone);
        assertEquals(64, k.maxPtesSwap);
        assertEquals(256, k.maxPtesShared);
    }
}
