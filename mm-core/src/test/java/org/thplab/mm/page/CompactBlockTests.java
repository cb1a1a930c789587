package org.thplab.mm.page;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thplab.arch.tck.SeededRuns;

/**
 * The folio-style compact blocks of {@link MemMap}: a huge page set up by ranges costs one
 * record, any frame that differs materializes its block with every value carried over, and
 * a map driven by random single and range operations reads exactly like plain per-frame
 * arrays.
 */
class CompactBlockTests {
    private static final int SHIFT = 3; // blocks of 8 frames: every case crosses blocks
    private static final int BLOCK = 1 << SHIFT;

    @Test
    void aHugePageSetUpByRangesStaysOneRecord() {
        MemMap map = new MemMap(1L << 20);
        long head = 512 * 7;
        map.set(head, PageFlags.HEAD);
        map.setRange(head + 1, 511, PageFlags.TAIL);
        map.setRange(head, 512, PageFlags.ANON);
        map.setMappingRange(head, 512, 42);
        map.setIndexRange(head, 512, 1000);
        map.setContentRange(head, 512, (byte) 9);
        assertFalse(map.materialized(head));
        assertEquals(0, map.materializedBlocks());
        assertEquals(PageFlags.TAIL | PageFlags.ANON, map.flags(head + 300));
        assertEquals(1300, map.index(head + 300));
        assertEquals(42, map.mapping(head + 511));
        assertEquals(9, map.content(head + 5));
        assertEquals(0, map.countContentNot(head, 512, (byte) 9));
        assertEquals(511, map.countFlagged(head, 512, PageFlags.TAIL));
        map.set(head + 1, PageFlags.TAIL); // already set: no change, stays compact
        assertFalse(map.materialized(head));

        map.addMapcount(head + 17, 1); // one frame apart
        assertTrue(map.materialized(head));
        assertEquals(1, map.mapcount(head + 17));
        assertEquals(0, map.mapcount(head + 18));
        assertEquals(1317, map.index(head + 317));
        assertEquals(9, map.content(head + 400));
        assertEquals(1, map.maxMapcount(head, 512));
        assertEquals(511, map.countUnmapped(head, 512));

        map.addMapcount(head + 17, -1);
        map.resetRange(head, 512);
        assertFalse(map.materialized(head));
        assertEquals(0, map.flags(head + 300) | map.mapping(head + 300) | map.content(head + 300));
        assertEquals(0, map.index(head + 300));
    }

    @Test
    void aBusyFrameIsFoundInsideACompactBlock() {
        MemMap map = new MemMap(1L << 20);
        map.setRefcountRange(512, 512, 1);
        assertEquals(512, map.firstBusy(512, 512));
        map.setRefcountRange(512, 512, 0);
        assertEquals(-1, map.firstBusy(512, 512));
        map.addMapcount(900, 1);
        assertEquals(900, map.firstBusy(512, 512));
    }

    @Test
    void randomOperationsReadLikePlainArrays() {
        SeededRuns.run(0x6d656d, random -> {
            long first = (1 << 16) - 2 * BLOCK;
            MemMap map = new MemMap(1L << 17, SHIFT);
            Model model = new Model(4 * BLOCK);
            for (int step = 0; step < 300; step++) {
                apply(random, map, model, first);
                int k = random.nextInt(model.n);
                long pfn = first + k;
                String where = "step " + step + ", frame " + k;
                assertEquals(model.flags[k], map.flags(pfn), where + " flags");
                assertEquals(model.ref[k], map.refcount(pfn), where + " refcount");
                assertEquals(model.mapcount[k], map.mapcount(pfn), where + " mapcount");
                assertEquals(model.mapping[k], map.mapping(pfn), where + " mapping");
                assertEquals(model.index[k], map.index(pfn), where + " index");
                assertEquals(model.priv[k], map.priv(pfn), where + " priv");
                assertEquals(model.content[k], map.content(pfn), where + " content");
            }
            for (int k = 0; k < model.n; k++) {
                assertEquals(model.index[k], map.index(first + k), "frame " + k + " index at the end");
                assertEquals(model.flags[k], map.flags(first + k), "frame " + k + " flags at the end");
            }
        });
    }

    private static void apply(Random r, MemMap map, Model m, long first) {
        boolean range = r.nextBoolean();
        int from = range && r.nextBoolean() ? r.nextInt(m.n / BLOCK) * BLOCK : r.nextInt(m.n);
        int len = range ? 1 + r.nextInt(m.n - from) : 1;
        if (range && r.nextInt(3) == 0) {
            len = Math.min(m.n - from, BLOCK * (1 + r.nextInt(2))); // whole blocks, often
        }
        long pfn = first + from;
        int v = r.nextInt(4);
        switch (r.nextInt(9)) {
            case 0 -> {
                map.setRange(pfn, len, 1 << v);
                for (int k = from; k < from + len; k++) m.flags[k] |= 1 << v;
            }
            case 1 -> {
                map.clearRange(pfn, len, 1 << v);
                for (int k = from; k < from + len; k++) m.flags[k] &= ~(1 << v);
            }
            case 2 -> {
                map.setRefcountRange(pfn, len, v);
                for (int k = from; k < from + len; k++) m.ref[k] = v;
            }
            case 3 -> {
                map.addMapcountRange(pfn, len, v - 1);
                for (int k = from; k < from + len; k++) m.mapcount[k] += v - 1;
            }
            case 4 -> {
                map.setMappingRange(pfn, len, v);
                for (int k = from; k < from + len; k++) m.mapping[k] = v;
            }
            case 5 -> {
                map.setIndexRange(pfn, len, 100L * v);
                for (int k = from; k < from + len; k++) m.index[k] = 100L * v + (k - from);
            }
            case 6 -> {
                map.setContentRange(pfn, len, (byte) v);
                for (int k = from; k < from + len; k++) m.content[k] = (byte) v;
                assertEquals(0, map.countContentNot(pfn, len, (byte) v));
            }
            case 7 -> {
                if (range) {
                    map.resetRange(pfn, len);
                } else {
                    map.reset(pfn);
                }
                for (int k = from; k < from + len; k++) m.clear(k);
            }
            default -> {
                map.addPriv(pfn, v);
                m.priv[from] += v;
                map.setIndex(pfn, v);
                m.index[from] = v;
            }
        }
        long unmapped = 0;
        int most = 0;
        for (int k = from; k < from + len; k++) {
            unmapped += m.mapcount[k] == 0 ? 1 : 0;
            most = Math.max(most, m.mapcount[k]);
        }
        assertEquals(unmapped, map.countUnmapped(pfn, len), "countUnmapped");
        if (most >= 0 && unmapped < len) {
            assertEquals(most, map.maxMapcount(pfn, len), "maxMapcount");
        }
    }

    /** Plain per-frame arrays: what the map must read like. */
    private static final class Model {
        final int n;
        final int[] flags;
        final int[] ref;
        final int[] mapcount;
        final int[] mapping;
        final long[] index;
        final long[] priv;
        final byte[] content;

        Model(int n) {
            this.n = n;
            flags = new int[n];
            ref = new int[n];
            mapcount = new int[n];
            mapping = new int[n];
            index = new long[n];
            priv = new long[n];
            content = new byte[n];
        }

        void clear(int k) {
            flags[k] = ref[k] = mapcount[k] = mapping[k] = 0;
            index[k] = priv[k] = 0;
            content[k] = 0;
        }
    }
}
