package org.thplab.bench;

import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * The fault paths the perf scripts stress (examples/perf): one operation is one fault,
 * a base-page anonymous fault or a PMD-mapped huge tmpfs team fault. Each invocation runs a
 * fresh process over a fresh range and exits it, so every store faults.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FaultBenchmarks {
    private static final int PAGES = 1 << 16;
    private static final int TEAMS = 256;

    @Param({"x86_64", "ppc64"})
    public String arch;

    private Kernel kernel;
    private FileHandle file;
    private long page;
    private long pmd;

    @Setup
    public void boot() {
        kernel = Machines.boot(arch, 64L << 30);
        page = kernel.architecture().geometry().pageSize();
        pmd = kernel.architecture().geometry().pmdSize();
        file = kernel.mount("tmpfs", Map.of("huge", "always")).create("teams");
        file.truncate(TEAMS * pmd);
    }

    /** do_anonymous_page(): one base page allocated, zeroed, mapped by a new PTE. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long anonymousBasePageFault() {
        Process p = kernel.spawn();
        long base = 16 * pmd;
        p.mmapAnonymous(base, PAGES * page, PROT_READ | PROT_WRITE);
        p.madvise(base, PAGES * page, Process.Advice.NOHUGEPAGE); // base pages only, whatever fs-anon's knobs say
        long failures = 0;
        for (int i = 0; i < PAGES; i++) {
            failures += p.store(base + i * page, 1) == Access.OK ? 0 : 1;
        }
        p.exit();
        return check(failures);
    }

    /** shmem_fault() answering VM_FAULT_HUGE, then map_team_by_pmd(): the team is already in the page cache. */
    @Benchmark
    @OperationsPerInvocation(TEAMS)
    public long teamFaultByPmd() {
        Process p = kernel.spawn();
        long base = 16 * pmd;
        p.mmapFile(base, TEAMS * pmd, PROT_READ | PROT_WRITE, true, file, 0);
        long failures = 0;
        for (int i = 0; i < TEAMS; i++) {
            failures += p.store(base + i * pmd, 1) == Access.OK ? 0 : 1;
        }
        p.exit();
        return check(failures);
    }

    private static long check(long failures) {
        if (failures != 0) {
            throw new IllegalStateException(failures + " stores did not succeed: the benchmark measures nothing");
        }
        return failures;
    }
}
