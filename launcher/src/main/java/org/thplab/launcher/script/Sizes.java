package org.thplab.launcher.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.ValueKind;

/** SIZE and OFFSET values: a non-negative integer with an optional unit K, M, G, page or pmd. */
final class Sizes {
    /** The largest size a script may name: 16 TiB. */
    static final long MAX = 16L << 40;
    /** The largest simulated memory: 64 TiB, so that 16 TiB can be mapped with room for its page tables. */
    static final long MAX_MEMORY = 64L << 40;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,20})(K|M|G|page|pmd)?");

    private final Geometry g;

    Sizes(Geometry g) {
        this.g = g;
    }

    /**
     * @param what what the value is, for the message ("length", "offset", "size")
     * @throws ScriptException naming the text and what was expected
     */
    long parse(String what, String text) {
        return parse(what, text, MAX);
    }

    /** The SIZE of {@code memory}, which may exceed what a mapping may be. */
    long parseMemory(String text) {
        return parse("size", text, MAX_MEMORY);
    }

    private long parse(String what, String text, long max) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new ScriptException("bad " + what + " '" + Quote.of(text)
                    + "': expected a non-negative integer with optional unit K, M, G, page or pmd");
        }
        try {
            long v = Math.multiplyExact(Long.parseLong(m.group(1)), ValueKind.Size.unit(m.group(2), g));
            if (v <= max) {
                return v;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // too large: reported below
        }
        throw new ScriptException("bad " + what + " '" + Quote.of(text) + "': expected at most " + human(max));
    }

    /** {@code bytes} (at most {@link #MAX}) rounded up to the base page size. */
    long pageAlign(long bytes) {
        return (bytes + g.pageSize() - 1) & -g.pageSize();
    }

    /** A value that must be a multiple of the base page size. */
    long pages(String what, String text) {
        long v = parse(what, text);
        if (v % g.pageSize() != 0) {
            throw new ScriptException(what + " " + text + " must be a multiple of the page size " + g.pageSize());
        }
        return v;
    }

    /** {@code bytes} as a person reads it: the largest binary unit that divides it, {@code 16 TiB}, {@code 4 KiB}. */
    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (u < units.length - 1 && bytes != 0 && bytes % 1024 == 0) {
            bytes /= 1024;
            u++;
        }
        return bytes + " " + units[u];
    }
}
