package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code run --color}: layout lines coloured, their characters and every other line unchanged. */
class LayoutColorsTests {

    private static String through(String text) {
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(new LayoutColors(sink));
        w.print(text);
        w.flush();
        return sink.toString();
    }

    private static String stripAnsi(String s) {
        return s.replaceAll("\033\\[[0-9;]*m", "");
    }

    @Test
    void layoutExtentsAreColouredARunUnderOneEscape() {
        String out = through("layout p0 A HHZp..\n");
        assertEquals("layout p0 A \033[32mHH\033[0m\033[35mZ\033[0m\033[33mp\033[0m\033[2m..\033[0m\n", out);
        assertEquals("layout p0 A HHZp..\n", stripAnsi(out), "the format is unchanged under the colours");
    }

    @Test
    void otherLinesPassUnchangedEvenWhenTheyHoldLayoutCharacters() {
        String text = "smaps p0 A Size=4096 Rss=2048\necho layout p0 A H.\nverify p0 A 0 4096 7 bad=0\n";
        assertEquals(text, through(text));
    }

    @Test
    void aLineWrittenInPiecesIsColouredWhole() {
        StringWriter sink = new StringWriter();
        PrintWriter w = new PrintWriter(new LayoutColors(sink));
        w.print("layout p1 T ");
        w.flush();
        assertEquals("", sink.toString(), "held until the line ends");
        w.print("pH\n");
        w.flush();
        assertTrue(sink.toString().startsWith("layout p1 T \033[33mp"), sink.toString());
    }
}
