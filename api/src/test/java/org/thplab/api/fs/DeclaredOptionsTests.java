package org.thplab.api.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.Geometry;

/** Declared options: what each kind of value accepts, and how refusals read. */
class DeclaredOptionsTests {
    private static final Geometry X86 = new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47);
    private static final DeclaredOptions TMPFS = DeclaredOptions.of("tmpfs",
            DeclaredOption.words("huge", "never", "always", "1"), DeclaredOption.size("size"));

    @Test
    void wordsSizesAndRangesAcceptWhatTheySay() {
        ValueKind words = new ValueKind.Words(java.util.List.of("never", "always"));
        assertTrue(words.accepts("always", X86));
        assertFalse(words.accepts("Always", X86));
        assertEquals(OptionalLong.of(3L << 21), ValueKind.Size.bytes("3pmd", X86));
        assertEquals(OptionalLong.of(64L << 10), ValueKind.Size.bytes("16page", X86));
        assertEquals(OptionalLong.empty(), ValueKind.Size.bytes("999999999999999G", X86), "overflows a long");
        assertEquals(OptionalLong.empty(), ValueKind.Size.bytes("1234567890123456", X86), "16 digits");
        assertEquals(OptionalLong.empty(), ValueKind.Size.bytes("-1", X86));
        ValueKind.Range range = new ValueKind.Range(0, 511);
        assertEquals(OptionalLong.of(511), range.number("511"));
        assertEquals(OptionalLong.empty(), range.number("512"));
        assertEquals(OptionalLong.empty(), range.number("many"));
    }

    @Test
    void refusalsReadAsThePluginFormatsThem() {
        assertEquals("tmpfs: bad huge=2: expected never, always or 1",
                TMPFS.badValue(TMPFS.find("huge").orElseThrow(), "2").getMessage());
        assertEquals("tmpfs: unknown option 'nr_inodes': expected huge=never|always|1 or size=SIZE",
                TMPFS.unknown("nr_inodes").getMessage());
        assertEquals("ramfs: unknown option 'x': expected none", DeclaredOptions.of("ramfs").unknown("x").getMessage());
        assertEquals("0 to 511", DeclaredOption.number("max_ptes_none", 0, 511).kind().expected());
    }

    @Test
    void anOptionIsDeclaredOnce() {
        assertThrows(IllegalArgumentException.class, () -> DeclaredOptions.of("x", DeclaredOption.size("size"),
                DeclaredOption.words("size", "0")));
        assertThrows(IllegalArgumentException.class, () -> new ValueKind.Range(2, 1));
    }
}
