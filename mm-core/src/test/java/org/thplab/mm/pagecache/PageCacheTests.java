package org.thplab.mm.pagecache;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thplab.arch.tck.SeededRuns;

class PageCacheTests {
    @Test
    void findsAddsAndDeletes() {
        PageCache c = new PageCache();
        assertEquals(PageCache.NO_PAGE, c.find(3));
        c.add(3, 100);
        c.add(1L << 32, 7); // 16 TiB into a file of 4 KiB pages
        assertEquals(100, c.find(3));
        assertEquals(7, c.find(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> c.add(PageCache.MAX_INDEX + 1, 8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.add(3, 5));
        assertEquals("page cache index 3 already holds pfn 0x64", e.getMessage());
        assertEquals(100, c.delete(3));
        assertEquals(PageCache.NO_PAGE, c.delete(3));
        assertEquals(1, c.size());
    }

    @Test
    void agreesWithAHashMapUnderRandomUse() {
        SeededRuns.run(0xcac4eL, random -> {
            PageCache c = new PageCache();
            Map<Long, Long> model = new HashMap<>();
            for (int step = 0; step < 400; step++) {
                long index = random.nextInt(64) * (random.nextBoolean() ? 1 : 4096L);
                if (random.nextBoolean() && !model.containsKey(index)) {
                    c.add(index, step);
                    model.put(index, (long) step);
                } else {
                    assertEquals(model.getOrDefault(index, PageCache.NO_PAGE), c.delete(index));
                    model.remove(index);
                }
                assertEquals(model.size(), c.size());
            }
            for (var e : model.entrySet()) {
                assertEquals(e.getValue(), c.find(e.getKey()));
            }
            int[] seen = {0};
            c.forEach((index, pfn) -> {
                assertEquals(model.get(index), pfn);
                seen[0]++;
            });
            assertEquals(model.size(), seen[0]);
        });
    }

    @Test
    void rangesAgreeWithAHashMapUnderRandomUse() {
        SeededRuns.run(0x7ea3L, random -> {
            PageCache c = new PageCache();
            Map<Long, Long> model = new HashMap<>();
            for (int step = 0; step < 200; step++) {
                long index = random.nextInt(24) * (random.nextBoolean() ? 512L : 64L);
                long n = random.nextBoolean() ? 512 : 1 + random.nextInt(700);
                long pfn = 10_000L * step;
                boolean free = true;
                for (long i = index; i < index + n; i++) {
                    free &= !model.containsKey(i);
                }
                long first = c.findFirst(index, n);
                long expected = PageCache.NO_PAGE;
                for (long i = index; i < index + n && expected == PageCache.NO_PAGE; i++) {
                    expected = model.getOrDefault(i, PageCache.NO_PAGE);
                }
                assertEquals(expected, first, "findFirst(" + index + ", " + n + ")");
                if (random.nextBoolean()) {
                    if (free) {
                        c.addRange(index, pfn, n);
                        for (long i = 0; i < n; i++) {
                            model.put(index + i, pfn + i);
                        }
                    } else {
                        assertThrows(IllegalStateException.class, () -> c.addRange(index, pfn, n));
                    }
                } else {
                    for (long i = index; i < index + n; i += 1 + random.nextInt(300)) {
                        assertEquals(model.getOrDefault(i, PageCache.NO_PAGE), c.delete(i));
                        model.remove(i);
                    }
                }
                assertEquals(model.size(), c.size());
            }
            for (var e : model.entrySet()) {
                assertEquals(e.getValue(), c.find(e.getKey()));
            }
            long[] seen = {0};
            c.forEach((index, pfn) -> {
                assertEquals(model.get(index), pfn);
                seen[0]++;
            });
            assertEquals(model.size(), seen[0]);
        });
    }
}
