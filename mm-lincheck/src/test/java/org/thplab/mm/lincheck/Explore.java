package org.thplab.mm.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.thplab.mm.Kernel;

/**
 * Runs {@link Race}s through Lincheck's model checker: at most {@link #INVOCATIONS}
 * interleavings each (CI's bound; {@code -Dthplab.lincheck.invocations=N} explores more), each
 * execution checked by the state's validation function (the invariant checker) and its results
 * against a sequential execution of the same operations (linearizability). All races of one
 * state class go through one {@code check()}: Lincheck instruments the classes once per check,
 * which costs seconds. Prints how many interleavings each race explored.
 */
final class Explore {
    /** Interleavings explored per race and architecture, at most. */
    static final int INVOCATIONS = Integer.getInteger("thplab.lincheck.invocations", 10);
    /**
     * The architectures explored: ppc64-radix in CI (32 pages to a huge page, so each execution
     * is short); {@code -Dthplab.lincheck.arches=x86_64,ppc64,ppc64-radix} explores the others.
     */
    static final List<String> ARCHES = List.of(System.getProperty("thplab.lincheck.arches", "ppc64-radix").split(","));
    /** Wall time after which Lincheck calls an execution hung. */
    private static final long INVOCATION_TIMEOUT_MS = 10 * 60_000;
    /**
     * Iterations after which a loop counts as stuck. A thread waiting for a lock spins (in
     * Lincheck's model of it) while the holder walks the 512 subpages of an x86_64 huge page
     * several times over: at 4096, khugepaged's collapse under the mmap lock made the threads
     * waiting for that lock look livelocked.
     */
    private static final int LOOP_BOUND = 1 << 16;

    /**
     * Executions validated per scenario: the interleavings explored. Counted in a method Lincheck
     * ignores, as it restores every static it tracked after each execution.
     */
    private static AtomicLongArray validated = new AtomicLongArray(0);
    /** The architecture the states boot: one per check, as Lincheck makes each state with its no-argument constructor. */
    private static volatile String arch = "x86_64";

    private Explore() {
    }

    /** The architecture the state classes boot. */
    static String arch() {
        return arch;
    }

    /** Called by each state's validation function with its scenario's number. */
    static void validated(int scenario) {
        validated.incrementAndGet(scenario);
    }

    /**
     * Explores {@code races} (all over {@code state}) on {@link #ARCHES}: passes if every
     * interleaving explored kept the invariants and a sequential outcome, and each race ran.
     */
    static void everyRace(Class<?> state, Race... races) {
        for (long n : races(state, List.of(races), ARCHES)) {
            assertTrue(n > 0, "every race explored");
        }
    }

    /**
     * Explores every race of {@code races} (all over {@code state}) on each of {@code arches}.
     *
     * @return the interleavings explored per scenario, in the order races × arches
     * @throws AssertionError (Lincheck's) with the failing interleaving's trace
     */
    static long[] races(Class<?> state, List<Race> races, List<String> arches) {
        long[] explored = new long[races.size() * arches.size()];
        for (int a = 0; a < arches.size(); a++) {
            long[] one = races(state, races, arches.get(a));
            for (int r = 0; r < races.size(); r++) {
                explored[r * arches.size() + a] = one[r];
            }
        }
        return explored;
    }

    private static long[] races(Class<?> state, List<Race> races, String architecture) {
        arch = architecture;
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(INVOCATIONS)
                // The core walks every subpage of a huge page in one loop (512 on x86_64), and
                // waiters spin meanwhile: neither is stuck.
                .loopBound(LOOP_BOUND)
                // The invariant checker runs alone, after the threads: a full recount that needs
                // no interleaving of its own, so Lincheck does not trace it.
                .addGuarantee(forClasses(Kernel.class.getName()).methods("check").ignore())
                .addGuarantee(forClasses(Explore.class.getName()).methods("validated").ignore());
        // An execution that takes 30 s of wall time counts as hung; the first execution of a check
        // instruments and links every class it meets, which took longer than that on this 2-core
        // machine under load. Deadlocks are still found at once (every thread blocked), so a
        // generous bound costs nothing. The setter is Kotlin-internal (hence its JVM name).
        options.invocationTimeout$lincheck(INVOCATION_TIMEOUT_MS);
        for (Race race : races) {
            if (race.state() != state) {
                throw new IllegalArgumentException(race + " is not a race over " + state.getSimpleName());
            }
            options.addCustomScenario(race.scenario(races.indexOf(race)));
        }
        validated = new AtomicLongArray(races.size());
        long cpu = cpuNanos();
        options.check(state);
        long[] explored = new long[races.size()];
        for (int i = 0; i < explored.length; i++) {
            explored[i] = validated.get(i);
            System.out.printf("lincheck: %-50s %-12s %6d interleavings%n", races.get(i).name(), architecture,
                    explored[i]);
        }
        System.out.printf("lincheck: %s on %s, %d races: %.1f s of CPU%n", state.getSimpleName(), architecture,
                races.size(), (cpuNanos() - cpu) / 1e9);
        return explored;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
