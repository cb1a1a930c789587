package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Words in messages: as written when they print, escaped and shortened when they would not. */
class QuoteTests {

    @Test
    void ordinaryWordsAreUnchanged() {
        assertEquals("frobnicate", Quote.of("frobnicate"));
        assertEquals("é-ü", Quote.of("é-ü"));
    }

    @Test
    void invisibleCharactersAreEscaped() {
        assertEquals("\\uFEFFthp", Quote.of("\uFEFFthp"));
        assertEquals("a\\u200Bb", Quote.of("a\u200Bb"));
        assertEquals("a\\u00A0b", Quote.of("a\u00A0b"));
    }

    @Test
    void longWordsAreCutWithTheirLength() {
        String word = "x".repeat(1 << 20);
        assertEquals("x".repeat(32) + "...(1048576 characters)", Quote.of(word));
        assertEquals("y".repeat(40), Quote.of("y".repeat(40)));
    }

    @Test
    void aLongTokenMakesAShortMessage() {
        ScriptException e = org.junit.jupiter.api.Assertions.assertThrows(ScriptException.class,
                () -> new Parser(new Sizes(TestGeometry.X86)).parse(1, new String[] {"z".repeat(100_000)}));
        assertEquals(true, e.getMessage().length() < 300, e.getMessage());
    }
}
