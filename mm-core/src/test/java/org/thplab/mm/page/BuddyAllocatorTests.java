package org.thplab.mm.page;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.thplab.arch.tck.SeededRuns;

class BuddyAllocatorTests {
    private static final int HUGE = 9;

    private final MemMap map = new MemMap(1024);
    private final BuddyAllocator buddy = new BuddyAllocator(map, 10);

    @Test
    void allocatesAlignedBlocksWithOneReferenceOnTheHead() {
        long a = buddy.allocPages(0);
        long h = buddy.allocPages(HUGE);
        assertEquals(0, h & 511, "a huge block is naturally aligned");
        assertEquals(1, map.refcount(a));
        assertEquals(1, map.refcount(h));
        assertEquals(0, map.refcount(h + 1), "tail frames of an unsplit block have no references");
        assertEquals(1024 - 513, buddy.freeFrames());
        buddy.check();
    }

    @Test
    void everythingComesBack() {
        List<long[]> held = new ArrayList<>();
        for (int order : new int[] {0, 3, 9, 1, 0, 2}) {
            held.add(new long[] {buddy.allocPages(order), order});
        }
        for (long[] b : held) {
            map.setRefcount(b[0], 0);
            buddy.freePages(b[0], (int) b[1]);
            buddy.check();
        }
        assertEquals(1024, buddy.freeFrames());
        assertEquals(0, buddy.frontier(), "all blocks merged back into untouched memory");
        assertEquals(0, buddy.check(), "no block left on the lists");
    }

    @Test
    void fragmentationMakesHugeAllocationsFail() {
        long[] pages = new long[1024];
        for (int i = 0; i < 1024; i++) {
            pages[i] = buddy.allocPages(0);
        }
        assertEquals(BuddyAllocator.NO_PAGE, buddy.allocPages(0), "memory is full");
        for (int i = 0; i < 1024; i += 2) {
            map.setRefcount(pages[i], 0);
            buddy.freePages(pages[i], 0);
        }
        assertEquals(512, buddy.freeFrames());
        assertEquals(BuddyAllocator.NO_PAGE, buddy.allocPages(HUGE), "half free, but no 512 contiguous frames");
        assertEquals(BuddyAllocator.NO_PAGE, buddy.allocPages(1));
        assertNotEquals(BuddyAllocator.NO_PAGE, buddy.allocPages(0));
        buddy.check();
    }

    @Test
    void aSplitBlockFreedPageByPageMergesBack() {
        long h = buddy.allocPages(HUGE);
        buddy.splitPage(h, HUGE);
        long other = buddy.allocPages(HUGE);
        for (long p = h; p < h + 512; p++) {
            assertEquals(1, map.refcount(p));
            map.setRefcount(p, 0);
            buddy.freePages(p, 0);
        }
        buddy.check();
        assertEquals(h, buddy.allocPages(HUGE), "the freed frames merged into one huge block again");
        assertNotEquals(other, h);
    }

    @Test
    void freeingWhatIsStillInUseIsABadPage() {
        long p = buddy.allocPages(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> buddy.freePages(p, 1));
        assertTrue(e.getMessage().startsWith(String.format("bad_page: freeing pfn %#x (block %#x order 1) with refcount 1",
                p, p)), e.getMessage());
        map.setRefcount(p, 0);
        assertThrows(IllegalStateException.class, () -> buddy.freePages(p + 1, 1), "misaligned");
        buddy.freePages(p, 1);
        assertThrows(IllegalStateException.class, () -> buddy.freePages(p, 1), "double free");
        assertThrows(IllegalArgumentException.class, () -> buddy.allocPages(11));
    }

    @Test
    void untouchedMemoryCostsNothing() {
        MemMap terabyte = new MemMap(1L << 28); // 1 TiB of 4 KiB frames
        BuddyAllocator big = new BuddyAllocator(terabyte, 10);
        for (int i = 0; i < 1000; i++) {
            big.allocPages(HUGE);
        }
        assertEquals(8, terabyte.touchedChunks(), "512000 frames touched: 8 chunks of 65536");
        assertEquals((1L << 28) - 512000, big.freeFrames());
    }

    @Test
    void randomAllocationAndFreeKeepTheListsConsistent() {
        SeededRuns.run(0xb0dd7L, random -> {
            MemMap m = new MemMap(2048);
            BuddyAllocator b = new BuddyAllocator(m, 10);
            List<long[]> held = new ArrayList<>();
            long used = 0;
            for (int step = 0; step < 80; step++) {
                if (held.isEmpty() || random.nextInt(3) > 0) {
                    int order = random.nextInt(4) == 0 ? HUGE : random.nextInt(4);
                    long pfn = b.allocPages(order);
                    if (pfn != BuddyAllocator.NO_PAGE) {
                        held.add(new long[] {pfn, order});
                        used += 1L << order;
                    }
                } else {
                    long[] blk = held.remove(random.nextInt(held.size()));
                    m.setRefcount(blk[0], 0);
                    b.freePages(blk[0], (int) blk[1]);
                    used -= 1L << blk[1];
                }
                b.check();
                assertEquals(2048 - used, b.freeFrames(), "free frames after step " + step);
            }
            freeAll(m, b, held, random);
            assertEquals(0, b.frontier(), "everything merged back");
        });
    }

    private static void freeAll(MemMap m, BuddyAllocator b, List<long[]> held, Random random) {
        while (!held.isEmpty()) {
            long[] blk = held.remove(random.nextInt(held.size()));
            m.setRefcount(blk[0], 0);
            b.freePages(blk[0], (int) blk[1]);
        }
        b.check();
    }
}
