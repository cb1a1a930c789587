package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.api.arch.VmFlags.*;

import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import org.thplab.api.arch.Geometry;

/**
 * What the codec contracts feed an architecture: every protection combination, pfns at
 * the edges of the range and seeded random ones, and the check every flag must pass.
 */
final class KitSamples {

    /** Every protection combination protection_map[] has. */
    static final int[] ALL_VM_FLAGS = {
        0, VM_READ, VM_WRITE, VM_READ | VM_WRITE, VM_EXEC, VM_READ | VM_EXEC, VM_WRITE | VM_EXEC,
        VM_READ | VM_WRITE | VM_EXEC, VM_SHARED, VM_SHARED | VM_READ, VM_SHARED | VM_WRITE,
        VM_SHARED | VM_READ | VM_WRITE, VM_SHARED | VM_EXEC, VM_SHARED | VM_READ | VM_EXEC,
        VM_SHARED | VM_WRITE | VM_EXEC, VM_SHARED | VM_READ | VM_WRITE | VM_EXEC,
    };

    private KitSamples() {
        // static helpers only
    }

    /**
     * Runs {@code check} on the pfns at the edges of {@code g}'s range, then on one random
     * pfn per seed of {@link SeededRuns} (a failure names its seed).
     */
    static void forEachPfn(Geometry g, long baseSeed, LongConsumer check) {
        for (long pfn : new long[] {0, 1, 0x1234, g.maxPfn() - 1, g.maxPfn()}) {
            check.accept(pfn);
        }
        SeededRuns.run(baseSeed, random -> check.accept((random.nextLong() >>> 1) % (g.maxPfn() + 1)));
    }

    /** As {@link #forEachPfn}, rounded down to the first pfn of a huge page. */
    static void forEachHugePfn(Geometry g, long baseSeed, LongConsumer check) {
        forEachPfn(g, baseSeed, pfn -> check.accept(pfn & -g.hpagePmdNr()));
    }

    /** Checks a flag's query, setter and clearer, and that neither touches the pfn. */
    static void checkFlag(String name, long v, LongPredicate query, LongUnaryOperator set, LongUnaryOperator clear,
                          LongUnaryOperator pfn) {
        long on = set.applyAsLong(v);
        long off = clear.applyAsLong(v);
        Function<String, String> what = rule -> String.format("%s of %#x: %s", name, v, rule);
        assertTrue(query.test(on), () -> what.apply("set then query"));
        assertFalse(query.test(off), () -> what.apply("clear then query"));
        assertEquals(pfn.applyAsLong(v), pfn.applyAsLong(on), () -> what.apply("set keeps the pfn"));
        assertEquals(pfn.applyAsLong(v), pfn.applyAsLong(off), () -> what.apply("clear keeps the pfn"));
        assertEquals(on, set.applyAsLong(on), () -> what.apply("set is idempotent"));
        assertEquals(off, clear.applyAsLong(off), () -> what.apply("clear is idempotent"));
        assertFalse(query.test(clear.applyAsLong(on)), () -> what.apply("set then clear"));
    }
}
