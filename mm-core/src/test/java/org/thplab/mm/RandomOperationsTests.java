package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.thplab.arch.tck.SeededRuns;

/**
 * Random sequences of map, store, load, fork, mprotect, munmap and exit against a model of
 * what each page must hold, with the invariant checker after every step. A failure names its
 * seed; {@code -Dthplab.seed=S} replays it.
 */
class RandomOperationsTests {
    private static final int[] PROTS = {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE};

    /** What a process's pages must hold: page address to {protection, value}. */
    private static final class Model {
        final Process process;
        final TreeMap<Long, int[]> pages;

        Model(Process process, TreeMap<Long, int[]> pages) {
            this.process = process;
            this.pages = pages;
        }

        Model fork() {
            TreeMap<Long, int[]> copy = new TreeMap<>();
            pages.forEach((k, v) -> copy.put(k, v.clone()));
            return new Model(process.fork(), copy);
        }
    }

    @OnEveryArchitecture
    void randomSequencesKeepEveryInvariantAndEveryByte(TestKernel k) {
        hugeFaults = 0;
        SeededRuns.run(k.arch.hashCode() * 1000L, random -> runOne(k.arch, random));
        if (SeededRuns.cases() >= 50 && System.getProperty("thplab.seed") == null) {
            assertTrue(hugeFaults > 0, "the runs should have mapped some THPs");
        }
    }

    /** THPs mapped over all runs of one architecture: the huge paths must really be exercised. */
    private long hugeFaults;

    private void runOne(String arch, Random random) {
        StandInThp thp = new StandInThp();
        thp.always = random.nextBoolean();
        thp.useZeroPage = random.nextBoolean();
        Kernel kernel = Kernel.boot(Architectures4Test.named(arch), 256L << 20, List.of(), thp);
        long page = kernel.architecture().geometry().pageSize();
        long pmd = kernel.architecture().geometry().pmdSize();
        long free = kernel.freeFrames();
        List<Model> models = new ArrayList<>(List.of(new Model(kernel.spawn(), new TreeMap<>())));
        int regions = 0;
        for (int step = 0; step < 40; step++) {
            Model m = models.get(random.nextInt(models.size()));
            String op;
            switch (random.nextInt(9)) {
                case 0 -> {
                    op = "map";
                    long start = (4 + 3L * regions++) * pmd + random.nextInt(3) * page;
                    int n = random.nextInt(4) == 0 ? 2 * (int) (pmd / page) : 1 + random.nextInt(24);
                    int prot = PROTS[1 + random.nextInt(2)];
                    for (Model other : models) {
                        other.process.mmapAnonymous(start, n * page, prot);
                        for (int i = 0; i < n; i++) {
                            other.pages.put(start + i * page, new int[] {prot, 0});
                        }
                    }
                }
                case 1, 2 -> {
                    op = "store";
                    long addr = pick(m, random, page);
                    int value = 1 + random.nextInt(255);
                    int[] state = m.pages.get(addr);
                    Access expected = state != null && (state[0] & PROT_WRITE) != 0 ? Access.OK : Access.SEGV;
                    assertEquals(expected, m.process.store(addr, value), "store at " + Long.toHexString(addr));
                    if (expected == Access.OK) {
                        state[1] = value;
                    }
                }
                case 3, 4 -> {
                    op = "load";
                    long addr = pick(m, random, page);
                    int[] state = m.pages.get(addr);
                    Process.Load got = m.process.load(addr);
                    if (state == null || state[0] == PROT_NONE) {
                        assertEquals(Access.SEGV, got.access(), "load at " + Long.toHexString(addr));
                    } else {
                        assertEquals(new Process.Load(Access.OK, state[1]), got, "load at " + Long.toHexString(addr));
                    }
                }
                case 8 -> {
                    // The huge anonymous fault: a THP or the huge zero page where the extent is empty;
                    // it stores nothing, so every byte the model holds stays as it is.
                    long at = pick(m, random, page);
                    if (random.nextBoolean()) {
                        op = "thp";
                        MmInternals.faultHugeAnonymous(m.process, at, random.nextBoolean());
                    } else {
                        op = "collapse"; // copies every byte into the THP, so the model still holds
                        m.process.collapse(at & -pmd, pmd);
                    }
                }
                case 5 -> {
                    op = "fork";
                    if (models.size() < 4) {
                        models.add(m.fork());
                    }
                }
                case 6 -> {
                    op = "mprotect";
                    long addr = pick(m, random, page);
                    int n = 1 + random.nextInt(8);
                    int prot = PROTS[random.nextInt(PROTS.length)];
                    m.process.mprotect(addr, n * page, prot);
                    for (int i = 0; i < n; i++) {
                        int[] state = m.pages.get(addr + i * page);
                        if (state != null) {
                            state[0] = prot;
                        }
                    }
                }
                default -> {
                    if (models.size() > 1 && random.nextBoolean()) {
                        op = "exit";
                        m.process.exit();
                        models.remove(m);
                    } else {
                        op = "munmap";
                        long addr = pick(m, random, page);
                        int n = 1 + random.nextInt(8);
                        m.process.munmap(addr, n * page);
                        m.pages.subMap(addr, addr + n * page).clear();
                    }
                }
            }
            try {
                kernel.check();
            } catch (InvariantViolation e) {
                throw new AssertionError("after step " + step + " (" + op + "): " + e.getMessage(), e);
            }
        }
        hugeFaults += thp.hugeMapped;
        for (Model m : models) {
            m.process.exit();
        }
        kernel.huge().zeroPage().shrink();
        kernel.check();
        assertEquals(free, kernel.freeFrames(), "all memory back when every process has exited");
    }

    /** A mapped page most of the time, else an address just outside one. */
    private static long pick(Model m, Random random, long page) {
        if (m.pages.isEmpty() || random.nextInt(10) == 0) {
            return (1 + random.nextInt(64)) * page;
        }
        List<Long> keys = new ArrayList<>(m.pages.keySet());
        long addr = keys.get(random.nextInt(keys.size()));
        return random.nextInt(8) == 0 ? addr + page : addr;
    }
}
