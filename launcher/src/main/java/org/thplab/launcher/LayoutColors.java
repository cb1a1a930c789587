package org.thplab.launcher;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code thplab run --color}: passes output through, colouring the extent characters of
 * {@code layout} lines with ANSI escapes (the characters themselves, and every other line, are
 * unchanged). The legend is {@link #LEGEND}.
 */
final class LayoutColors extends Writer {
    /** The legend {@code --help} shows. */
    static final String LEGEND = "layout colours: H green (mapped by a PMD), Z magenta (huge zero page),"
            + " p yellow (mapped by PTEs), . dim (nothing)";

    private static final String RESET = "\033[0m";
    private final Writer target;
    private final StringBuilder line = new StringBuilder();

    LayoutColors(Writer target) {
        this.target = target;
    }

    /** The ANSI colour of a layout character; null for a character left as it is. */
    static String colour(char c) {
        return switch (c) {
            case 'H' -> "\033[32m";
            case 'Z' -> "\033[35m";
            case 'p' -> "\033[33m";
            case '.' -> "\033[2m";
            default -> null;
        };
    }

    /** {@code text} with its layout characters coloured, a run of equal characters under one escape. */
    static String colourExtents(String text) {
        StringBuilder sb = new StringBuilder(text.length() * 2);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int j = i;
            while (j < text.length() && text.charAt(j) == c) {
                j++;
            }
            String on = colour(c);
            sb.append(on == null ? "" : on).append(text, i, j).append(on == null ? "" : RESET);
            i = j;
        }
        return sb.toString();
    }

    /** A whole output line, coloured if it is a {@code layout P R EXTENTS} line. */
    static String colourLine(String l) {
        int last = l.lastIndexOf(' ');
        if (!l.startsWith("layout ") || last < 0) {
            return l;
        }
        return l.substring(0, last + 1) + colourExtents(l.substring(last + 1));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n') {
                target.write(colourLine(line.toString()));
                target.write('\n');
                line.setLength(0);
            } else {
                line.append(buf[i]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        // A partial line is held until its end, so that a layout line is coloured whole.
        target.flush();
    }

    @Override
    public void close() throws IOException {
        target.write(line.toString());
        line.setLength(0);
        target.flush();
    }
}
