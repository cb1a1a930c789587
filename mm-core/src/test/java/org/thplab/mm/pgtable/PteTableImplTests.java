package org.thplab.mm.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** A PTE table behaves as a table of zeros until written, whichever operation writes first. */
class PteTableImplTests {

    private static PteTableImpl table() {
        return new PteTableImpl(512, 0x1000, 1, new ReentrantLock());
    }

    @Test
    void anUnwrittenTableReadsZeroAndChecksItsBounds() {
        PteTableImpl t = table();
        assertEquals(0L, t.get(511));
        assertEquals(0L, t.getAndSet(3, 0L));
        t.set(4, 0L);
        assertFalse(t.compareAndSet(5, 7L, 8L), "nothing but zero is there to replace");
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(512));
        assertThrows(IndexOutOfBoundsException.class, () -> t.set(-1, 0L));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getAndSet(512, 0L));
        assertEquals(512, t.size());
    }

    @Test
    void eachKindOfWriteMaterializesTheEntries() {
        PteTableImpl a = table();
        a.set(1, 11L);
        assertEquals(11L, a.get(1));
        PteTableImpl b = table();
        assertEquals(0L, b.getAndSet(2, 22L));
        assertEquals(22L, b.get(2));
        PteTableImpl c = table();
        assertTrue(c.compareAndSet(3, 0L, 33L));
        assertEquals(33L, c.get(3));
        assertEquals(0L, c.get(4));
    }

    @Test
    void concurrentFirstWritesToOneTableAreAllKept() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            PteTableImpl t = table();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] writers = new Thread[4];
            for (int w = 0; w < writers.length; w++) {
                int index = w;
                writers[w] = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    t.set(index, 100L + index);
                });
                writers[w].start();
            }
            go.countDown();
            for (Thread w : writers) {
                w.join();
            }
            for (int w = 0; w < writers.length; w++) {
                assertEquals(100L + w, t.get(w), "round " + round + ", writer " + w);
            }
        }
    }
}
