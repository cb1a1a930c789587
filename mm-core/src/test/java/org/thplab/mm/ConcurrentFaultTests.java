package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Threads fault on the same pages at once: copy-on-write of pages shared by forks (refcounts
 * and mapcounts of one frame changed from several processes), first faults racing for the
 * same PTE table, and munmap/mmap racing with faults. Then everything must reconcile.
 * {@code -Dthplab.stress.rounds=N} runs longer than CI's default.
 */
class ConcurrentFaultTests {
    private static final int THREADS = 4;
    private static final int ROUNDS = Integer.getInteger("thplab.stress.rounds", 20);

    /** One round of a test, given the thread pool it races on. */
    private interface Round {
        void run(ExecutorService pool, int round) throws Exception;
    }

    /** What thread number {@code thread} does once all threads are released together. */
    private interface Racer {
        void run(int thread) throws Exception;
    }

    /** Runs {@code rounds} rounds of {@code body} on one pool of {@link #THREADS} threads. */
    private static void rounds(int rounds, Round body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < rounds; round++) {
                body.run(pool, round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Releases {@link #THREADS} racers at once and waits for all; a racer's failure fails the test. */
    private static void race(ExecutorService pool, Racer racer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            done.add(pool.submit(() -> {
                start.await();
                racer.run(me);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    /** A machine, its geometry, and one process with one PMD extent of anonymous memory mapped at {@code at}. */
    private record Extent(Kernel kernel, long page, long pmd, long free, long at, Process p) {
        /** After the process exited: the huge zero page given back, the counts true and every frame free. */
        void assertEveryFrameBack(String when) {
            kernel.huge().zeroPage().shrink();
            kernel.check();
            assertEquals(free, kernel.freeFrames(), when);
        }
    }

    private static Extent oneAnonymousExtent(String arch, long memory) {
        Kernel kernel = bootHugeAlways(arch, memory);
        long pmd = kernel.architecture().geometry().pmdSize();
        long free = kernel.freeFrames();
        Process p = kernel.spawn();
        p.mmapAnonymous(4 * pmd, pmd, PROT_READ | PROT_WRITE);
        return new Extent(kernel, kernel.architecture().geometry().pageSize(), pmd, free, 4 * pmd, p);
    }

    /** A machine whose anonymous faults go huge wherever they can. */
    private static Kernel bootHugeAlways(String arch, long memory) {
        StandInThp thp = new StandInThp();
        thp.always = true;
        return Kernel.boot(Architectures4Test.named(arch), memory, List.of(), thp);
    }

    @OnEveryArchitecture
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentCopyOnWriteAndFaultsReconcile(TestKernel k) throws Exception {
        String arch = k.arch;
        rounds(ROUNDS, (pool, round) -> {
            Kernel kernel = Kernel.boot(Architectures4Test.named(arch), 64L << 20);
            long page = kernel.architecture().geometry().pageSize();
            long pmd = kernel.architecture().geometry().pmdSize();
            long free = kernel.freeFrames();
            long shared = 4 * pmd;
            int pages = 32;
            Process parent = kernel.spawn();
            parent.mmapAnonymous(shared, pages * page, PROT_READ | PROT_WRITE);
            for (int i = 0; i < pages; i++) {
                parent.store(shared + i * page, 1);
            }
            List<Process> procs = new ArrayList<>(List.of(parent));
            for (int t = 1; t < THREADS; t++) {
                procs.add(parent.fork());
            }
            race(pool, t -> {
                Process p = procs.get(t);
                int value = 10 + t;
                long own = (8 + 2L * t) * pmd;
                for (int i = 0; i < pages; i++) {
                    assertEquals(Access.OK, p.store(shared + ((i * 7L) % pages) * page, value));
                }
                // Private pages: the first faults of several threads also race in the page-table allocators.
                p.mmapAnonymous(own, pages * page, PROT_READ | PROT_WRITE);
                for (int i = 0; i < pages; i++) {
                    p.store(own + i * page, value);
                }
                p.munmap(own, pages / 2 * page);
            });
            kernel.check();
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < pages; i++) {
                    assertEquals(10 + t, procs.get(t).load(shared + i * page).value(), "process " + t + " page " + i);
                }
            }
            for (Process p : procs) {
                p.exit();
            }
            kernel.check();
            assertEquals(free, kernel.freeFrames());
        });
    }

    @OnEveryArchitecture
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentFaultsOnOneTeamMapItOnceAndRaceTheRest(TestKernel k) throws Exception {
        String arch = k.arch;
        rounds(ROUNDS, (pool, round) -> {
            Kernel kernel = Kernel.boot(Architectures4Test.named(arch), 128L << 20);
            long page = kernel.architecture().geometry().pageSize();
            long pmd = kernel.architecture().geometry().pmdSize();
            long free = kernel.freeFrames();
            TeamTestFs fs = new TeamTestFs(kernel, pmd);
            Process a = kernel.spawn();
            a.mmapFile(4 * pmd, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
            Process b = kernel.spawn();
            b.mmapFile(8 * pmd, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
            race(pool, t -> {
                Process p = t % 2 == 0 ? a : b;
                long at = (t % 2 == 0 ? 4 : 8) * pmd + t * page;
                int value = 30 + t;
                assertEquals(Access.OK, p.store(at, value)); // map_team_by_pmd races in each mm
                if (value % 3 == 0) {
                    p.mprotect(at, page, PROT_READ); // remap_team_by_ptes while others fault
                }
            });
            kernel.check();
            for (int t = 0; t < THREADS; t++) {
                assertEquals(30 + t, a.load(4 * pmd + t * page).value(), "one page cache behind both");
                assertEquals(30 + t, b.load(8 * pmd + t * page).value());
            }
            a.exit();
            b.exit();
            fs.evict();
            kernel.check();
            assertEquals(free, kernel.freeFrames());
        });
    }

    /**
     * Threads of one process take their first faults in one empty THP-enabled extent at once,
     * some reading (the huge zero page), some writing (a new THP): one huge fault wins, the
     * others find the slot taken and must retry, never walk a PTE table that is not there.
     */
    @OnEveryArchitecture
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void racingHugeAnonymousFaultsMapTheExtentOnceAndKeepEveryWrite(TestKernel k) throws Exception {
        String arch = k.arch;
        rounds(ROUNDS * 5, (pool, round) -> {
            Extent x = oneAnonymousExtent(arch, 128L << 20);
            Kernel kernel = x.kernel();
            long page = x.page();
            long pmd = x.pmd();
            long at = x.at();
            Process p = x.p();
            race(pool, t -> {
                if (t % 2 == 1) {
                    assertEquals(Access.OK, p.load(at + t * page).access());
                }
                assertEquals(Access.OK, p.store(at + t * page, 10 + t));
            });
            kernel.check();
            for (int t = 0; t < THREADS; t++) {
                assertEquals(10 + t, p.load(at + t * page).value(), "round " + round + ", thread " + t);
            }
            p.exit();
            x.assertEveryFrameBack("round " + round);
        });
    }

    /**
     * MADV_DONTNEED zaps under the shared mmap lock: threads zapping one THP's extent whole
     * while others fault it in again (reads: the huge zero page) must each find, under the PMD
     * lock, whether the huge PMD is still there (zap_huge_pmd re-checks), never clear a slot
     * twice. (Not writes: a store that translated before the zap would write into the freed
     * frame, as the model's accesses pin nothing, which a real TLB shootdown rules out.)
     */
    @OnEveryArchitecture
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void racingDontneedsOfAWholeThpAndFaultsKeepTheCountsTrue(TestKernel k) throws Exception {
        String arch = k.arch;
        rounds(ROUNDS * 5, (pool, round) -> {
            Extent x = oneAnonymousExtent(arch, 128L << 20);
            assertEquals(Access.OK, x.p().store(x.at(), 1));
            race(pool, t -> {
                if (t % 2 == 0) {
                    x.p().madvise(x.at(), x.pmd(), Process.Advice.DONTNEED);
                } else {
                    assertEquals(Access.OK, x.p().load(x.at() + t * x.page()).access());
                }
            });
            x.kernel().check();
            x.p().exit();
            x.assertEveryFrameBack("round " + round);
        });
    }

    /**
     * A THP shared by fork among several processes, each written at once by its own thread:
     * every writer but the last copies the whole huge page (Linux 4.6), the last may reuse it,
     * and racing copies of one PMD retry. Every process ends with its own bytes.
     */
    @OnEveryArchitecture
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void racingCopyOnWriteOfOneSharedThpGivesEveryProcessItsOwnCopy(TestKernel k) throws Exception {
        String arch = k.arch;
        rounds(ROUNDS * 2, (pool, round) -> {
            Kernel kernel = bootHugeAlways(arch, 256L << 20);
            long page = kernel.architecture().geometry().pageSize();
            long pmd = kernel.architecture().geometry().pmdSize();
            long free = kernel.freeFrames();
            long at = 4 * pmd;
            Process parent = kernel.spawn();
            parent.mmapAnonymous(at, pmd, PROT_READ | PROT_WRITE);
            assertEquals(Access.OK, parent.store(at, 1));
            List<Process> procs = new ArrayList<>(List.of(parent));
            for (int t = 1; t < THREADS; t++) {
                procs.add(parent.fork());
            }
            race(pool, t -> {
                for (int i = 0; i < 8; i++) {
                    assertEquals(Access.OK, procs.get(t).store(at + i * 3 * page, 10 + t));
                }
            });
            kernel.check();
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < 8; i++) {
                    assertEquals(10 + t, procs.get(t).load(at + i * 3 * page).value(), "process " + t);
                }
                assertEquals(0, procs.get(t).load(at + page).value(), "the rest of the copy is the original");
            }
            for (Process p : procs) {
                p.exit();
            }
            kernel.check();
            assertEquals(free, kernel.freeFrames());
        });
    }
}
