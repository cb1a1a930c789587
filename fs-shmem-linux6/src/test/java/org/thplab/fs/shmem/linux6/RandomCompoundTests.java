package org.thplab.fs.shmem.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.thplab.fs.anon.AnonymousThp;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * A seeded random sequence over huge tmpfs pages: stores and loads through shared and private
 * mappings, partial DONTNEED, mprotect and munmap, fork and exit, truncate, punch, advice,
 * MADV_COLLAPSE, khugepaged and reclaim, with the invariant checker after every step and the shared file's content checked
 * against a shadow copy. Each run prints its seed; {@code -Dshmem6.seed=N} replays one,
 * {@code -Dshmem6.runs=N} tries N fresh seeds.
 */
class RandomCompoundTests extends Shmem6TestBase {
    private static final int STEPS = 250;

    @OnEveryArchitecture
    void randomSequencesKeepEveryCountReconciled(TestMachine machine) {
        String replay = System.getProperty("shmem6.seed");
        int runs = Integer.getInteger("shmem6.runs", 1); // more fresh seeds for a longer hunt
        long[] seeds = replay != null ? new long[] {Long.parseLong(replay)}
                : java.util.stream.LongStream.concat(java.util.stream.LongStream.of(1, 2),
                        java.util.stream.LongStream.range(0, runs).map(i -> System.nanoTime() + i)).toArray();
        for (long seed : seeds) {
            System.out.println("RandomCompoundTests " + machine.arch() + " seed=" + seed
                    + " (replay with -Dshmem6.seed=" + seed + ")");
            run(machine, seed);
        }
    }

    private Random rnd;
    private List<Process> procs;
    private byte[] shadow;
    private long sizePages;
    private FileHandle file;
    private int extents;

    private void run(TestMachine machine, long seed) {
        rnd = new Random(seed);
        String[] modes = {"always", "always", "within_size", "advise", "never"}; // faults allocate huge pages half the time
        boot(machine, Map.of());
        kernel = machine.boot(256L << 20, List.of(new Tmpfs()), new AnonymousThp()); // khugepaged asks its limits
        Mount m = kernel.mount("tmpfs", Map.of("huge", modes[rnd.nextInt(modes.length)]));
        extents = 4;
        file = m.create("random");
        file.truncate(extents * pmd);
        sizePages = extents * (long) nr;
        shadow = new byte[extents * nr];
        procs = new ArrayList<>();
        procs.add(spawnMapped());
        for (int step = 0; step < STEPS; step++) {
            String what = step(rnd.nextInt(15));
            try {
                kernel.check();
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("seed " + seed + ", step " + step + " (" + what + "): " + e.getMessage(), e);
            }
        }
        System.out.println("  " + machine.arch() + " seed=" + seed + ": thp_file_alloc " + event("thp_file_alloc")
                + ", thp_split_page " + event("thp_split_page") + ", thp_collapse_alloc " + event("thp_collapse_alloc")
                + ", thp_file_mapped " + event("thp_file_mapped"));
        assertAllMemoryBack(List.of(file), procs.toArray(Process[]::new));
    }

    /** A process mapping the file shared at base and privately at base + 8 extents. */
    private Process spawnMapped() {
        Process p = kernel.spawn();
        p.mmapFile(base, extents * pmd, PROT_READ | PROT_WRITE, true, file, 0);
        p.mmapFile(base + 8 * pmd, extents * pmd, PROT_READ | PROT_WRITE, false, file, 0);
        return p;
    }

    private Process anyProc() {
        return procs.get(rnd.nextInt(procs.size()));
    }

    private String step(int op) {
        Process p = anyProc();
        long idx = sizePages == 0 ? 0 : (long) (rnd.nextDouble() * sizePages);
        long addr = base + idx * page;
        switch (op) {
            case 0, 1 -> {
                if (idx >= sizePages) {
                    return "nothing";
                }
                byte v = (byte) (1 + rnd.nextInt(100));
                Access a = p.store(addr, v);
                if (a == Access.OK) { // SEGV where mprotect or munmap left it unwritable
                    shadow[(int) idx] = v;
                }
                return "store " + idx;
            }
            case 2, 3 -> {
                if (idx >= sizePages) {
                    return "nothing";
                }
                Process.Load l = p.load(addr);
                if (l.access() == Access.OK) {
                    assertEquals(shadow[(int) idx], (byte) l.value(), "shared load of page " + idx);
                }
                return "load " + idx;
            }
            case 4 -> {
                long len = (1 + rnd.nextInt(2 * nr)) * page;
                p.madvise(addr, Math.min(len, base + extents * pmd - addr), Process.Advice.DONTNEED);
                return "dontneed " + idx;
            }
            case 5 -> {
                long len = Math.min((1 + rnd.nextInt(nr)) * page, base + extents * pmd - addr);
                p.mprotect(addr, len, PROT_READ);
                kernel.check();
                p.load(addr);
                p.mprotect(addr, len, PROT_READ | PROT_WRITE);
                return "mprotect " + idx;
            }
            case 6 -> {
                if (procs.size() < 3) {
                    procs.add(p.fork());
                    return "fork";
                }
                procs.remove(p);
                p.exit();
                return "exit";
            }
            case 7 -> {
                long pages = (long) (rnd.nextDouble() * extents * nr);
                file.truncate(pages * page);
                for (long i = pages; i < shadow.length; i++) {
                    shadow[(int) i] = 0;
                }
                sizePages = pages;
                return "truncate " + pages;
            }
            case 8 -> {
                long len = 1 + rnd.nextInt(nr + 2);
                file.punchHole(idx * page, len * page);
                for (long i = idx; i < Math.min(idx + len, shadow.length); i++) {
                    shadow[(int) i] = 0;
                }
                return "punch " + idx + "+" + len;
            }
            case 9 -> {
                long at = base + 8 * pmd + idx * page;
                if (idx < sizePages && p.store(at, 101) == Access.OK) {
                    assertEquals(101, p.load(at).value(), "a private copy reads back");
                }
                return "private store " + idx;
            }
            case 10 -> {
                p.madvise(base + (idx & -(long) nr) * page, pmd,
                        rnd.nextBoolean() ? Process.Advice.HUGEPAGE : Process.Advice.NOHUGEPAGE);
                return "advice " + idx;
            }
            case 11 -> {
                p.collapse(base + (idx & -(long) nr) * page, pmd);
                return "collapse " + (idx & -(long) nr);
            }
            case 12 -> {
                kernel.khugepaged();
                return "khugepaged";
            }
            case 13 -> {
                long len = Math.min((1 + rnd.nextInt(nr)) * page, base + extents * pmd - addr);
                p.munmap(addr, len);
                kernel.check();
                p.mmapFile(addr, len, PROT_READ | PROT_WRITE, true, file, idx * page);
                return "munmap and map again " + idx;
            }
            default -> {
                kernel.reclaim();
                return "reclaim";
            }
        }
    }
}
