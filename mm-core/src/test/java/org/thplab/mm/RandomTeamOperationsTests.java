package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.thplab.arch.tck.SeededRuns;

/**
 * Random sequences over one team-backed file mapped shared and private, aligned and not, by
 * several processes: stores, loads, fork, mprotect, munmap, mremap, MADV_DONTNEED and exit,
 * against a model of the file's bytes and each private mapping's copies, with the invariant
 * checker after every step. {@code -Dthplab.seed=S} replays a failure.
 */
class RandomTeamOperationsTests {

    /** A mapping of the file in one process: where, which file page first, shared or private. */
    private record Mapping(long start, long pages, long pgoff, boolean shared, int[] prot, Map<Long, Integer> copies) {
        @Override
        public String toString() {
            return String.format("[%#x +%d pages pgoff %d %s prot %s]", start, pages, pgoff, shared ? "shared" : "private",
                    java.util.Arrays.toString(java.util.Arrays.stream(prot).distinct().toArray()));
        }

        Mapping moved(long to) {
            return new Mapping(to, pages, pgoff, shared, prot.clone(), new HashMap<>(copies));
        }
    }

    private static final class Proc {
        final Process process;
        final List<Mapping> maps = new ArrayList<>();

        Proc(Process process) {
            this.process = process;
        }
    }

    @OnEveryArchitecture
    void randomTeamSequencesKeepEveryInvariantAndEveryByte(TestKernel k) {
        SeededRuns.run(k.arch.hashCode() * 7919L, random -> runOne(k.arch, random));
    }

    private void runOne(String arch, Random random) {
        Kernel kernel = Kernel.boot(Architectures4Test.named(arch), 128L << 20);
        long page = kernel.architecture().geometry().pageSize();
        long pmd = kernel.architecture().geometry().pmdSize();
        int nr = kernel.architecture().geometry().hpagePmdNr();
        long free = kernel.freeFrames();
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        long filePages = 2L * nr;
        Map<Long, Integer> file = new HashMap<>();
        List<Proc> procs = new ArrayList<>(List.of(new Proc(kernel.spawn())));
        long[] slot = {4};
        List<String> log = new ArrayList<>();
        try {
            steps(kernel, random, fs, file, procs, slot, log, page, pmd, nr, filePages);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  steps so far:\n    " + String.join("\n    ", log), e);
        }
        for (Proc pr : procs) {
            pr.process.exit();
        }
        fs.evict();
        kernel.check();
        assertEquals(free, kernel.freeFrames(), "all memory back");
    }

    private void steps(Kernel kernel, Random random, TeamTestFs fs, Map<Long, Integer> file, List<Proc> procs,
                       long[] slot, List<String> log, long page, long pmd, int nr, long filePages) {
        for (int step = 0; step < 30; step++) {
            Proc pr = procs.get(random.nextInt(procs.size()));
            String op = "";
            int choice = random.nextInt(10);
            if (choice == 0 || pr.maps.isEmpty()) {
                op = "map";
                boolean shared = random.nextInt(3) > 0;
                long pgoff = random.nextBoolean() ? 0 : random.nextInt(nr);
                long pages = 1 + random.nextInt((int) (filePages - pgoff));
                long start = slot[0] * pmd + (random.nextInt(4) == 0 ? page : 0) + pgoff * page;
                slot[0] += 4;
                pr.process.mmapFile(start, pages * page, PROT_READ | PROT_WRITE, shared, fs.file, pgoff);
                pr.maps.add(new Mapping(start, pages, pgoff, shared, filled(pages, PROT_READ | PROT_WRITE),
                        new HashMap<>()));
            } else {
                Mapping mp = pr.maps.get(random.nextInt(pr.maps.size()));
                long i = random.nextInt((int) mp.pages);
                long addr = mp.start + i * page;
                switch (choice) {
                    case 1, 2, 3 -> {
                        op = "store";
                        int value = 1 + random.nextInt(255);
                        boolean allowed = (mp.prot[(int) i] & PROT_WRITE) != 0;
                        assertEquals(allowed ? Access.OK : Access.SEGV, pr.process.store(addr, value), op);
                        if (allowed) {
                            if (mp.shared) {
                                file.put(mp.pgoff + i, value);
                            } else {
                                mp.copies.put(i, value);
                            }
                        }
                    }
                    case 4, 5 -> {
                        op = "load";
                        Process.Load got = pr.process.load(addr);
                        if (mp.prot[(int) i] == PROT_NONE) {
                            assertEquals(Access.SEGV, got.access(), op);
                        } else {
                            int want = mp.copies.containsKey(i) ? mp.copies.get(i) : file.getOrDefault(mp.pgoff + i, 0);
                            assertEquals(new Process.Load(Access.OK, want), got, "load at page " + i + " of " + mp);
                        }
                    }
                    case 6 -> {
                        op = "mprotect";
                        int n = (int) Math.min(mp.pages - i, 1 + random.nextInt(nr));
                        int prot = new int[] {PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE}[random.nextInt(3)];
                        pr.process.mprotect(addr, n * page, prot);
                        for (int k = 0; k < n; k++) {
                            mp.prot[(int) i + k] = prot;
                        }
                    }
                    case 7 -> {
                        if (random.nextBoolean()) {
                            // A hole punch unmaps the range from every process first (the file keeps its
                            // pages here: freeing them is the filesystem's part); private copies stay.
                            op = "punch";
                            long first = random.nextInt((int) filePages);
                            fs.file.unmapMappingRange(first, 1 + random.nextInt(nr), false);
                            break;
                        }
                        op = "dontneed";
                        int n = (int) Math.min(mp.pages - i, 1 + random.nextInt(nr));
                        pr.process.madvise(addr, n * page, Advice.DONTNEED);
                        for (int k = 0; k < n; k++) {
                            mp.copies.remove(i + k);
                        }
                    }
                    case 8 -> {
                        if (procs.size() < 3) {
                            op = "fork";
                            Proc child = new Proc(pr.process.fork());
                            for (Mapping m : pr.maps) {
                                child.maps.add(m.moved(m.start));
                            }
                            procs.add(child);
                        } else {
                            op = "exit";
                            pr.process.exit();
                            procs.remove(pr);
                            if (procs.isEmpty()) {
                                procs.add(new Proc(kernel.spawn()));
                            }
                        }
                    }
                    default -> {
                        if (random.nextBoolean()) {
                            op = "mremap";
                            long to = slot[0] * pmd + (random.nextBoolean() ? page : 0) + mp.pgoff * page;
                            slot[0] += 4;
                            try {
                                pr.process.mremap(mp.start, mp.pages * page, to, mp.pages * page);
                                pr.maps.set(pr.maps.indexOf(mp), mp.moved(to));
                            } catch (IllegalArgumentException e) {
                                // Pieces that cannot merge again (as after fork, where each has its own
                                // anon_vma) make the range span mappings: EFAULT, and nothing changes.
                                assertTrue(e.getMessage().contains("EFAULT"), e.getMessage());
                                op = "mremap refused";
                            }
                        } else {
                            op = "munmap";
                            pr.process.munmap(mp.start, mp.pages * page);
                            pr.maps.remove(mp);
                        }
                    }
                }
            }
            log.add(step + " " + op + " in mm " + pr.process.id() + " " + pr.maps);
            try {
                kernel.check();
            } catch (InvariantViolation e) {
                throw new AssertionError("after step " + step + " (" + op + "): " + e.getMessage(), e);
            }
        }
    }

    private static int[] filled(long n, int prot) {
        int[] a = new int[(int) n];
        java.util.Arrays.fill(a, prot);
        return a;
    }
}
