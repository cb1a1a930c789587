package org.thplab.bench;

import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * Each fault path alone: the processes, mappings and (for copy-on-write) the shared pages
 * are made before the measured invocation and torn down after it, so one operation is one
 * fault and nothing else. Each benchmark has its own state, so that JMH's allocation
 * profiler ({@code -prof gc}), which counts the set-up of an invocation too, sees only
 * what that benchmark's set-up and faults allocate. The invocations are long (thousands
 * of faults), so the per-invocation set-up does not disturb the timing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IsolatedFaultBenchmarks {
    static final int PAGES = 1 << 14;
    static final int TEAMS = 256;

    /** A booted machine and a base address; the subclasses add what their fault needs. */
    @State(Scope.Thread)
    public abstract static class Machine {
        @Param({"x86_64"})
        public String arch;

        Kernel kernel;
        long page;
        long pmd;
        long base;
        Process process;

        @Setup(Level.Trial)
        public void boot() {
            kernel = Machines.boot(arch, 64L << 30);
            page = kernel.architecture().geometry().pageSize();
            pmd = kernel.architecture().geometry().pmdSize();
            base = 16 * pmd;
        }

        @TearDown(Level.Invocation)
        public void exit() {
            process.exit();
        }
    }

    /** An empty anonymous range asked to stay in base pages. */
    public static class BasePages extends Machine {
        @Setup(Level.Invocation)
        public void map() {
            process = kernel.spawn();
            process.mmapAnonymous(base, PAGES * page, PROT_READ | PROT_WRITE);
            process.madvise(base, PAGES * page, Process.Advice.NOHUGEPAGE);
        }
    }

    /** A child whose every page is shared with its parent. */
    public static class SharedPages extends Machine {
        Process parent;

        @Setup(Level.Invocation)
        public void forkAfterWriting() {
            parent = kernel.spawn();
            parent.mmapAnonymous(base, PAGES * page, PROT_READ | PROT_WRITE);
            parent.madvise(base, PAGES * page, Process.Advice.NOHUGEPAGE);
            check(parent.storePages(base, PAGES * page, 1).access() == Access.OK ? 0 : 1);
            process = parent.fork();
        }

        @TearDown(Level.Invocation)
        public void exitParent() {
            parent.exit();
        }
    }

    /** A shared mapping of an empty file on a huge=always mount. */
    public static class EmptyFile extends Machine {
        FileHandle file;

        @Setup(Level.Invocation)
        public void map() {
            if (file == null) { // the first invocation, after the machine booted (JMH orders set-ups of one level freely)
                file = kernel.mount("tmpfs", Map.of("huge", "always")).create("fresh");
            }
            file.truncate(TEAMS * pmd);
            process = kernel.spawn();
            process.mmapFile(base, TEAMS * pmd, PROT_READ | PROT_WRITE, true, file, 0);
        }

        @TearDown(Level.Invocation)
        public void empty() {
            file.truncate(0);
        }
    }

    /** A shared mapping of a file whose teams are complete in the page cache. */
    public static class PopulatedFile extends Machine {
        FileHandle file;

        private void populate() {
            file = kernel.mount("tmpfs", Map.of("huge", "always")).create("populated");
            file.truncate(TEAMS * pmd);
            Process warm = kernel.spawn();
            warm.mmapFile(base, TEAMS * pmd, PROT_READ | PROT_WRITE, true, file, 0);
            check(warm.storePages(base, TEAMS * pmd, 1).access() == Access.OK ? 0 : 1);
            warm.exit();
        }

        @Setup(Level.Invocation)
        public void map() {
            if (file == null) { // the first invocation, after the machine booted
                populate();
            }
            process = kernel.spawn();
            process.mmapFile(base, TEAMS * pmd, PROT_READ | PROT_WRITE, true, file, 0);
        }
    }

    /** do_anonymous_page(): one base page allocated, zeroed, mapped by a new PTE. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long anonymousBasePageFault(BasePages m) {
        return stores(m, PAGES, m.page, 1);
    }

    /** do_wp_page() copying: the page is shared with the parent after fork. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long copyOnWriteFault(SharedPages m) {
        return stores(m, PAGES, m.page, 2);
    }

    /** shmem_fault() allocating, populating and answering a team, then map_team_by_pmd(). */
    @Benchmark
    @OperationsPerInvocation(TEAMS)
    public long teamFaultPopulating(EmptyFile m) {
        return stores(m, TEAMS, m.pmd, 1);
    }

    /** map_team_by_pmd() of a team already complete in the page cache. */
    @Benchmark
    @OperationsPerInvocation(TEAMS)
    public long teamPmdMap(PopulatedFile m) {
        return stores(m, TEAMS, m.pmd, 1);
    }

    private static long stores(Machine m, int n, long stride, int value) {
        long failures = 0;
        for (int i = 0; i < n; i++) {
            failures += m.process.store(m.base + i * stride, value) == Access.OK ? 0 : 1;
        }
        return failures;
    }

    private static void check(long failures) {
        if (failures != 0) {
            throw new IllegalStateException(failures + " stores did not succeed: the benchmark measures nothing");
        }
    }
}
