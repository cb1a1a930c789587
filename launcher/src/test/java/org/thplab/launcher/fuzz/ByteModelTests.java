package org.thplab.launcher.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte model's Linux semantics, each stated by the verify counts it restates. */
class ByteModelTests {
    private static final int PMD = 512;

    /** The last line of {@code lines} as the model restates it. */
    private static String last(String... lines) {
        List<String> out = ByteModel.replay(PMD, List.of(lines));
        assertNotNull(out, "every name exists");
        return out.get(out.size() - 1);
    }

    @Test
    void privateAnonymousPagesAreCopiedAtForkAndZeroAfterDontneed() {
        assertEquals("verify p0 A 0 4page 7 bad=0", last("map p0 A anon 4page", "write p0 A 0 4page 7",
                "fork p0 p1", "write p1 A 0 2page 9", "verify p0 A 0 4page 7 bad=9"));
        assertEquals("verify p1 A 0 4page 7 bad=2", last("map p0 A anon 4page", "write p0 A 0 4page 7",
                "fork p0 p1", "write p1 A 0 2page 9", "verify p1 A 0 4page 7 bad=0"));
        assertEquals("verify p0 A 0 4page 0 bad=1", last("map p0 A anon 4page", "write p0 A 0 4page 7",
                "madvise p0 A 1page 3page dontneed", "verify p0 A 0 4page 0 bad=0"));
    }

    @Test
    void sharedPagesAreTheFilesAndPrivateOnesCopyOnWrite() {
        String[] setUp = {"mount M0 type=tmpfs", "file F0 M0 4page", "map p0 S file F0 4page",
            "map p0 P file F0 4page private", "write p0 S 0 4page 3", "write p0 P 0 1page 5"};
        assertEquals("verify p0 P 0 4page 3 bad=1", last(concat(setUp, "verify p0 P 0 4page 3 bad=0")));
        assertEquals("verify p0 P 0 4page 3 bad=0", last(concat(setUp, "madvise p0 P 0 1page dontneed",
                "verify p0 P 0 4page 3 bad=9")), "dontneed drops the private copy: the file shows again");
        assertEquals("verify p0 P 0 1page 5 bad=0", last(concat(setUp, "punch F0 0 4page",
                "verify p0 P 0 1page 5 bad=9")), "a punch leaves private copies");
        assertEquals("verify p0 P 0 4page 0 bad=0", last(concat(setUp, "truncate F0 0", "truncate F0 4page",
                "verify p0 P 0 4page 0 bad=9")), "truncate takes them too");
    }

    @Test
    void storesStopWhereTheKernelSignalsAndRegionsMoveWithTheirBytes() {
        assertEquals("verify p0 A 0 4page 6 bad=2", last("map p0 A anon 4page", "mprotect p0 A 2page 1page r",
                "write p0 A 0 4page 6", "verify p0 A 0 4page 6 bad=0"));
        assertEquals("verify p0 B 0 3page 6 bad=1", last("map p0 A anon 2page", "write p0 A 0 2page 6",
                "mremap p0 A B len=3page", "verify p0 B 0 3page 6 bad=0"));
    }

    @Test
    void linesNamingWhatDoesNotExistOrCannotBeSaidAreRefused() {
        assertNull(ByteModel.replay(PMD, List.of("write p0 A 0 1page 1")));
        assertNull(ByteModel.replay(PMD, List.of("map p0 A anon 1page", "verify p0 A 0 2page 0 bad=0")));
        assertNull(ByteModel.replay(PMD, List.of("map p0 A anon 2page", "munmap p0 A 1page 1page",
                "verify p0 A 0 2page 0 bad=0")), "an unmapped page: the verify would segv");
        assertNull(ByteModel.replay(PMD, List.of("map p0 A anon 2page", "munmap p0 A 1page 1page",
                "mremap p0 A B")), "mremap moves one mapping only");
        assertNull(ByteModel.replay(PMD, List.of("map p0 A anon 4page", "mprotect p0 A 1page 1page none",
                "mprotect p0 A 0 4page rw", "mremap p0 A B")),
                "parts split once may keep anon_vmas of their own and not merge back: not surely one mapping");
        assertNotNull(ByteModel.replay(PMD, List.of("map p0 A anon 4page", "mprotect p0 A 0 4page r",
                "mremap p0 A B")), "the whole region is not split");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
