package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_NONE;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.thplab.arch.tck.SeededRuns;
import org.thplab.mm.Access;
import org.thplab.mm.InvariantViolation;
import org.thplab.mm.Process;
import org.thplab.mm.Process.Advice;

/**
 * Random sequences over fs-anon's whole policy (knobs, huge faults, copy-on-write after fork,
 * mprotect, mremap, MADV_HUGEPAGE/NOHUGEPAGE/DONTNEED, MADV_COLLAPSE, khugepaged, reclaim) against a model of
 * what every page holds, with the invariant checker after every step, on a machine small
 * enough that huge allocations sometimes fail. A failure names its seed;
 * {@code -Dthplab.seed=S} replays it, {@code -Dthplab.random.cases=N} runs more.
 */
class RandomAnonOperationsTests extends AnonTestBase {
    private static final int[] PROTS = {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE};

    /** A process and what its pages must hold: address to {protection, value}. */
    private record Model(Process process, TreeMap<Long, int[]> pages) {
        Model fork() {
            TreeMap<Long, int[]> copy = new TreeMap<>();
            pages.forEach((k, v) -> copy.put(k, v.clone()));
            return new Model(process.fork(), copy);
        }
    }

    private long hugeWork;
    private long remapped;
    /** mremap destinations used in this run: each move gets a fresh slot above the regions. */
    private int moves;

    @OnEveryArchitecture
    void randomSequencesKeepEveryInvariantAndEveryByte(String arch) {
        hugeWork = 0;
        remapped = 0;
        SeededRuns.run(arch.hashCode() * 7919L, random -> runOne(arch, random));
        if (SeededRuns.cases() >= 50 && System.getProperty("thplab.seed") == null) {
            assertTrue(hugeWork > 0, "the runs should have faulted or collapsed some THPs");
            assertTrue(remapped > 0, "some mremaps should have been accepted");
        }
    }

    private void runOne(String arch, Random random) {
        Process first = bootSmall(arch, 24);
        moves = 0;
        List<Model> models = new ArrayList<>(List.of(new Model(first, new TreeMap<>())));
        int regions = 0;
        for (int step = 0; step < 40; step++) {
            Model m = models.get(random.nextInt(models.size()));
            String op = step(random, m, models, regions);
            if (op.equals("map")) {
                regions++;
            }
            try {
                kernel.check();
            } catch (InvariantViolation e) {
                throw new AssertionError("after step " + step + " (" + op + "): " + e.getMessage(), e);
            }
        }
        hugeWork += event("thp_fault_alloc") + event("thp_collapse_alloc");
        for (Model m : models) {
            for (var e : m.pages.entrySet()) {
                if (e.getValue()[0] != PROT_NONE) {
                    assertEquals(e.getValue()[1], m.process.load(e.getKey()).value(), "at the end, page "
                            + Long.toHexString(e.getKey()));
                }
            }
        }
        assertAllMemoryBack(models.stream().map(Model::process).toArray(Process[]::new));
    }

    private String step(Random random, Model m, List<Model> models, int regions) {
        switch (random.nextInt(15)) {
            case 0, 1 -> {
                if (regions >= 6) {
                    return "none";
                }
                long start = base + 3L * regions * pmd + (random.nextInt(4) == 0 ? random.nextInt(4) * page : 0);
                long len = random.nextBoolean() ? 2 * pmd : (1 + random.nextInt(nr + nr / 2)) * page;
                for (Model other : models) {
                    other.process.mmapAnonymous(start, len, PROT_READ | PROT_WRITE);
                    for (long a = start; a < start + len; a += page) {
                        other.pages.put(a, new int[] {PROT_READ | PROT_WRITE, 0});
                    }
                }
                return "map";
            }
            case 2, 3, 4 -> {
                long addr = pick(m, random);
                int n = random.nextInt(3) == 0 ? nr : 1 + random.nextInt(4);
                int value = 1 + random.nextInt(255);
                for (long a = addr; a < addr + n * page; a += page) {
                    int[] state = m.pages.get(a);
                    Access expected = state != null && (state[0] & PROT_WRITE) != 0 ? Access.OK : Access.SEGV;
                    assertEquals(expected, m.process.store(a, value), "store at " + Long.toHexString(a));
                    if (expected == Access.OK) {
                        state[1] = value;
                    }
                }
                return "store";
            }
            case 5 -> {
                long addr = pick(m, random);
                int[] state = m.pages.get(addr);
                Process.Load got = m.process.load(addr);
                if (state == null || state[0] == PROT_NONE) {
                    assertEquals(Access.SEGV, got.access(), "load at " + Long.toHexString(addr));
                } else {
                    assertEquals(new Process.Load(Access.OK, state[1]), got, "load at " + Long.toHexString(addr));
                }
                return "load";
            }
            case 6 -> {
                if (models.size() < 4) {
                    models.add(m.fork());
                }
                return "fork";
            }
            case 7 -> {
                long addr = pick(m, random);
                int n = 1 + random.nextInt(nr);
                int prot = PROTS[random.nextInt(PROTS.length)];
                m.process.mprotect(addr, n * page, prot);
                forEachModelled(m, addr, n, s -> s[0] = prot);
                return "mprotect";
            }
            case 8 -> {
                long addr = pick(m, random) & -pmd;
                Advice advice = Advice.values()[random.nextInt(3)]; // HUGEPAGE, NOHUGEPAGE, DONTNEED
                int n = random.nextBoolean() ? nr : 1 + random.nextInt(nr);
                m.process.madvise(addr, n * page, advice);
                if (advice == Advice.DONTNEED) {
                    forEachModelled(m, addr, n, s -> s[1] = 0);
                }
                return "madvise " + advice;
            }
            case 9 -> {
                m.process.collapse(pick(m, random) & -pmd, pmd); // copies every byte: the model holds
                return "collapse";
            }
            case 10 -> {
                kernel.khugepaged();
                return "khugepaged";
            }
            case 11 -> {
                kernel.reclaim();
                return "reclaim";
            }
            case 13 -> {
                return mremap(random, m);
            }
            case 12 -> {
                switch (random.nextInt(4)) {
                    case 0 -> thp("enabled", new String[] {"always", "madvise", "never"}[random.nextInt(3)]);
                    case 1 -> thp("use_zero_page", random.nextBoolean() ? "1" : "0");
                    case 2 -> thp("max_ptes_none", String.valueOf(random.nextInt(nr)));
                    default -> thp("max_ptes_shared", String.valueOf(random.nextInt(nr)));
                }
                return "thp";
            }
            default -> {
                if (models.size() > 1 && random.nextBoolean()) {
                    m.process.exit();
                    models.remove(m);
                    return "exit";
                }
                long addr = pick(m, random);
                int n = 1 + random.nextInt(nr);
                m.process.munmap(addr, n * page);
                m.pages.subMap(addr, addr + n * page).clear();
                return "munmap";
            }
        }
    }

    /**
     * Moves a run of pages to a fresh slot (PMD-aligned or not), carrying the model along;
     * a range the model cannot see is one mapping may be refused, and must then change nothing.
     */
    private String mremap(Random random, Model m) {
        if (m.pages.isEmpty()) {
            return "none";
        }
        long picked = pick(m, random);
        long from = random.nextBoolean() ? picked & -pmd : picked;
        int n = random.nextBoolean() ? nr : 1 + random.nextInt(nr);
        long len = (long) n * page;
        long to = base + (20L + 3L * moves++) * pmd + (random.nextBoolean() ? 0 : random.nextInt(nr) * page);
        try {
            m.process.mremap(from, len, to, len);
        } catch (IllegalArgumentException refused) {
            return "mremap refused";
        }
        var moved = new TreeMap<Long, int[]>(m.pages.subMap(from, from + len));
        m.pages.subMap(from, from + len).clear();
        moved.forEach((a, state) -> m.pages.put(a - from + to, state));
        remapped++;
        return "mremap";
    }

    private void forEachModelled(Model m, long addr, int pages, java.util.function.Consumer<int[]> change) {
        m.pages.subMap(addr, addr + (long) pages * page).values().forEach(change);
    }

    /** A mapped page most of the time, else an address just beside one. */
    private long pick(Model m, Random random) {
        if (m.pages.isEmpty() || random.nextInt(10) == 0) {
            return base + random.nextInt(18 * nr) * page;
        }
        List<Long> keys = new ArrayList<>(m.pages.keySet());
        long addr = keys.get(random.nextInt(keys.size()));
        return random.nextInt(8) == 0 ? addr + page : addr;
    }
}
