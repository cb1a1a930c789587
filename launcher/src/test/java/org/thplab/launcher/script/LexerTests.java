package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Words, comments and blank lines; control characters refused rather than silently dropped. */
class LexerTests {

    @Test
    void wordsAreSeparatedBySpacesAndTabsAndCommentsEndTheLine() {
        assertArrayEquals(new String[] {"map", "p0", "A", "anon", "4K"}, Lexer.words("  map p0\tA  anon 4K # why"));
        assertEquals(0, Lexer.words("   # only a comment").length);
        assertEquals(0, Lexer.words("").length);
    }

    @Test
    void controlCharactersAreRefusedWithWhereTheyAre() {
        assertEquals("control character U+0000 at character 17: expected words separated by spaces or tabs",
                assertThrows(ScriptException.class, () -> Lexer.words("map p0 A anon 4K\0")).getMessage());
        assertEquals("control character U+000C at character 1: expected words separated by spaces or tabs",
                assertThrows(ScriptException.class, () -> Lexer.words("\fmeminfo")).getMessage());
        assertEquals("control character U+001B at character 6: expected words separated by spaces or tabs",
                assertThrows(ScriptException.class, () -> Lexer.words("echo \u001b[31m")).getMessage());
        assertEquals(1, Lexer.words("meminfo # a \0 in a comment is harmless").length);
    }
}
