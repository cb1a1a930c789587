package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The two forms of a layout line's characters. */
class LayoutFormTests {

    @Test
    void fullIsTheContractsOneCharacterPerExtent() {
        assertEquals("HHHHpp.", LayoutForm.FULL.show("HHHHpp."));
    }

    @Test
    void runsCountRepeatsAndLeaveLoneCharactersAlone() {
        assertEquals("H" + LayoutForm.TIMES + "4 p" + LayoutForm.TIMES + "2 .", LayoutForm.RUNS.show("HHHHpp."));
        assertEquals("Z p H p" + LayoutForm.TIMES + "3", LayoutForm.RUNS.show("ZpHppp"));
        assertEquals("." + LayoutForm.TIMES + "524288", LayoutForm.RUNS.show(".".repeat(524_288)));
        assertEquals("", LayoutForm.RUNS.show(""));
    }
}
