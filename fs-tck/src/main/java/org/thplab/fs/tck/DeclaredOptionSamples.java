package org.thplab.fs.tck;

import java.util.List;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.ValueKind;

/** Values to try a declared option with: some its declaration accepts, and one it refuses. */
final class DeclaredOptionSamples {
    private DeclaredOptionSamples() {
    }

    /** Values the declaration of {@code option} accepts: every word, or the ends of a range, or a few sizes. */
    static List<String> accepted(DeclaredOption option) {
        ValueKind kind = option.kind();
        if (kind instanceof ValueKind.Words w) {
            return w.words();
        }
        if (kind instanceof ValueKind.Range r) {
            return List.of(Long.toString(r.min()), Long.toString(r.max()));
        }
        return List.of("1pmd", "64M", "1G");
    }

    /** A value the declaration of {@code option} refuses. */
    static String refused(DeclaredOption option, Geometry g) {
        ValueKind kind = option.kind();
        String value = kind instanceof ValueKind.Range r && r.max() < Long.MAX_VALUE ? Long.toString(r.max() + 1)
                : "no-such-value";
        if (kind.accepts(value, g)) {
            throw new AssertionError("the kit found no value " + option + " refuses");
        }
        return value;
    }
}
