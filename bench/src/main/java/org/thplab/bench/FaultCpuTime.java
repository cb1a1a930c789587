package org.thplab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * The isolated fault paths of {@link IsolatedFaultBenchmarks} timed by the thread's CPU
 * time instead of the wall clock, for machines shared with other work, where JMH's
 * wall-clock figures say more about the neighbours than about the code. Same states, same
 * set-up outside the measurement; prints the best and the median of the rounds in ns of CPU
 * per fault.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.thplab.bench.FaultCpuTime [rounds]</pre>
 */
public final class FaultCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FaultCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        IsolatedFaultBenchmarks b = new IsolatedFaultBenchmarks();
        var base = new IsolatedFaultBenchmarks.BasePages();
        var shared = new IsolatedFaultBenchmarks.SharedPages();
        var empty = new IsolatedFaultBenchmarks.EmptyFile();
        var populated = new IsolatedFaultBenchmarks.PopulatedFile();
        for (IsolatedFaultBenchmarks.Machine m : new IsolatedFaultBenchmarks.Machine[] {base, shared, empty, populated}) {
            m.arch = "x86_64";
            m.boot();
        }
        report("anonymousBasePageFault", rounds, IsolatedFaultBenchmarks.PAGES, base::map, () -> b.anonymousBasePageFault(base), base::exit);
        report("copyOnWriteFault", rounds, IsolatedFaultBenchmarks.PAGES, shared::forkAfterWriting,
                () -> b.copyOnWriteFault(shared), () -> {
                    shared.exit();
                    shared.exitParent();
                });
        report("teamFaultPopulating", rounds, IsolatedFaultBenchmarks.TEAMS, empty::map, () -> b.teamFaultPopulating(empty),
                () -> {
                    empty.exit();
                    empty.empty();
                });
        report("teamPmdMap", rounds, IsolatedFaultBenchmarks.TEAMS, populated::map, () -> b.teamPmdMap(populated), populated::exit);
    }

    private static void report(String name, int rounds, int ops, Runnable setUp, LongSupplier faults, Runnable tearDown) {
        long[] ns = new long[rounds];
        for (int warm = 0; warm < rounds; warm++) { // warm-up: the same number of rounds, unmeasured
            setUp.run();
            faults.getAsLong();
            tearDown.run();
        }
        for (int r = 0; r < rounds; r++) {
            setUp.run();
            long start = THREADS.getCurrentThreadCpuTime();
            long failures = faults.getAsLong();
            ns[r] = (THREADS.getCurrentThreadCpuTime() - start) / ops;
            tearDown.run();
            if (failures != 0) {
                throw new IllegalStateException(name + ": " + failures + " faults failed");
            }
        }
        java.util.Arrays.sort(ns);
        System.out.printf("%-24s best %6d ns, median %6d ns of CPU per fault (%d rounds of %d)%n", name, ns[0],
                ns[rounds / 2], rounds, ops);
    }
}
