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
 * fault and nothing else. The invocations are long (thousands of faults), so JMH's
 * per-invocation set-up does not disturb the timing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IsolatedFaultBenchmarks {
    private static final int PAGES = 1 << 14;
    private static final int TEAMS = 256;

    @Param({"x86_64"})
    public String arch;

    private Kernel kernel;
    private long page;
    private long pmd;
    private long base;
    private FileHandle populated;
    private FileHandle fresh;
    private Process parent;
    private Process child;

    @Setup(Level.Trial)
    public void boot() {
        kernel = Machines.boot(arch, 64L << 30);
        page = kernel.architecture().geometry().pageSize();
        pmd = kernel.architecture().geometry().pmdSize();
        base = 16 * pmd;
        populated = kernel.mount("tmpfs", Map.of("huge", "always")).create("populated");
        populated.truncate(TEAMS * pmd);
        Process warm = kernel.spawn();
        warm.mmapFile(base, TEAMS * pmd, PROT_READ | PROT_WRITE, true, populated, 0);
        check(warm.storePages(base, TEAMS * pmd, 1).access() == Access.OK ? 0 : 1);
        warm.exit();
        fresh = kernel.mount("tmpfs", Map.of("huge", "always")).create("fresh");
    }

    @Setup(Level.Invocation)
    public void prepare() {
        parent = kernel.spawn();
        parent.mmapAnonymous(base, 2 * PAGES * page, PROT_READ | PROT_WRITE); // the second half stays unwritten
        parent.madvise(base, 2 * PAGES * page, Process.Advice.NOHUGEPAGE);
        parent.mmapFile(base + 2 * TEAMS * pmd, TEAMS * pmd, PROT_READ | PROT_WRITE, true, populated, 0);
        parent.mmapFile(base + 4 * TEAMS * pmd, TEAMS * pmd, PROT_READ | PROT_WRITE, true, fresh, 0);
        fresh.truncate(TEAMS * pmd);
        // For copy-on-write: the first half written, then the process forked; the child's stores copy.
        check(parent.storePages(base, PAGES * page, 1).access() == Access.OK ? 0 : 1);
        child = parent.fork();
    }

    @TearDown(Level.Invocation)
    public void exit() {
        child.exit();
        parent.exit();
        fresh.truncate(0);
    }

    /** do_anonymous_page(): one base page allocated, zeroed, mapped by a new PTE. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long anonymousBasePageFault() {
        long failures = 0;
        for (int i = 0; i < PAGES; i++) {
            failures += child.store(base + PAGES * page + i * page, 1) == Access.OK ? 0 : 1; // unwritten range
        }
        return failures;
    }

    /** do_wp_page() copying: the page is shared with the parent after fork. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long copyOnWriteFault() {
        long failures = 0;
        for (int i = 0; i < PAGES; i++) {
            failures += child.store(base + i * page, 2) == Access.OK ? 0 : 1;
        }
        return failures;
    }

    /** shmem_fault() allocating, populating and answering a team, then map_team_by_pmd(). */
    @Benchmark
    @OperationsPerInvocation(TEAMS)
    public long teamFaultPopulating() {
        long failures = 0;
        for (int i = 0; i < TEAMS; i++) {
            failures += parent.store(base + 4 * TEAMS * pmd + i * pmd, 1) == Access.OK ? 0 : 1;
        }
        return failures;
    }

    /** map_team_by_pmd() of a team already complete in the page cache. */
    @Benchmark
    @OperationsPerInvocation(TEAMS)
    public long teamPmdMap() {
        long failures = 0;
        for (int i = 0; i < TEAMS; i++) {
            failures += parent.store(base + 2 * TEAMS * pmd + i * pmd, 1) == Access.OK ? 0 : 1;
        }
        return failures;
    }

    private static void check(long failures) {
        if (failures != 0) {
            throw new IllegalStateException(failures + " stores did not succeed: the benchmark measures nothing");
        }
    }
}
