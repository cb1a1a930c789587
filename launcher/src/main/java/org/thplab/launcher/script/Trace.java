package org.thplab.launcher.script;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.thplab.mm.Kernel;
import org.thplab.mm.Meminfo;

/**
 * {@code run --trace}: each command echoed on standard error with what it changed, as
 * {@code trace LINE: COMMAND -> NAME+N ...} or {@code -> no change}. The changes are the
 * differences, across the command, of /proc/vmstat's counters and events
 * ({@link Kernel#vmstat()}, by kernel name: {@code pgfault}, {@code thp_fault_alloc},
 * {@code thp_split_pmd}...), of /proc/meminfo's fields in kB ({@code AnonHugePages+2048kB}),
 * and of the hardware hooks every process's mm ran ({@link org.thplab.mm.Process#mmEvents()},
 * summed: {@code update_mmu_cache_pmd} counts PMDs mapped). A command that boots the machine
 * is measured from the freshly booted machine.
 */
final class Trace {
    /** /proc/meminfo's fields as the facade's record holds them, in /proc's names. */
    private static final Map<String, ToLongFunction<Meminfo>> MEMINFO = meminfoFields();

    private final ScriptRuntime rt;
    private final List<String> lines;
    private final PrintWriter err;
    private Map<String, Long> global = Map.of();
    private Map<String, Map<String, Long>> perProcess = Map.of();

    /** A trace of the commands of {@code lines} running on {@code rt}, printed to {@code err}. */
    Trace(ScriptRuntime rt, List<String> lines, PrintWriter err) {
        this.rt = rt;
        this.lines = lines;
        this.err = err;
    }

    /** The counters before a command; called again when the command boots the machine. */
    void before() {
        Kernel kernel = rt.bootedKernel();
        global = kernel == null ? Map.of() : global(kernel);
        perProcess = perProcess();
    }

    /** Prints {@code command}'s line and what moved since {@link #before}. */
    void after(Command command) {
        Kernel kernel = rt.bootedKernel();
        Map<String, Long> moved = new LinkedHashMap<>();
        if (kernel != null) {
            global(kernel).forEach((name, now) -> {
                long delta = now - global.getOrDefault(name, 0L);
                if (delta != 0) {
                    moved.put(name, delta);
                }
            });
        }
        Map<String, Long> events = new TreeMap<>();
        perProcess().forEach((proc, now) -> {
            Map<String, Long> was = perProcess.getOrDefault(proc, Map.of());
            now.forEach((name, n) -> events.merge(name, n - was.getOrDefault(name, 0L), Long::sum));
        });
        events.forEach((name, delta) -> {
            if (delta != 0) {
                moved.put(name, delta);
            }
        });
        err.println("trace " + command.line() + ": " + text(command.line()) + " -> "
                + (moved.isEmpty() ? "no change" : moved.entrySet().stream()
                        .map(e -> e.getKey().replace(" kB", "") + (e.getValue() > 0 ? "+" : "") + e.getValue()
                                + (e.getKey().endsWith(" kB") ? "kB" : ""))
                        .collect(Collectors.joining(" "))));
    }

    /** The command's words as the script wrote them, without comment, each quoted safely. */
    private String text(int line) {
        return Arrays.stream(Lexer.words(lines.get(line - 1))).map(Quote::of).collect(Collectors.joining(" "));
    }

    /** vmstat by kernel name, then meminfo's fields (named {@code FIELD kB}). */
    private static Map<String, Long> global(Kernel kernel) {
        Map<String, Long> out = new LinkedHashMap<>(kernel.vmstat());
        Meminfo m = kernel.meminfo();
        MEMINFO.forEach((name, field) -> out.put(name + " kB", field.applyAsLong(m) / 1024));
        return out;
    }

    private Map<String, Map<String, Long>> perProcess() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        if (rt.bootedKernel() != null) {
            rt.procs.forEach((name, proc) -> out.put(name, proc.process.mmEvents()));
        }
        return out;
    }

    private static Map<String, ToLongFunction<Meminfo>> meminfoFields() {
        Map<String, ToLongFunction<Meminfo>> out = new LinkedHashMap<>();
        out.put("MemFree", Meminfo::memFree);
        out.put("AnonPages", Meminfo::anonPages);
        out.put("Shmem", Meminfo::shmem);
        out.put("PageTables", Meminfo::pageTables);
        out.put("AnonHugePages", Meminfo::anonHugePages);
        out.put("ShmemHugePages", Meminfo::shmemHugePages);
        out.put("ShmemPmdMapped", Meminfo::shmemPmdMapped);
        out.put("ShmemFreeHoles", Meminfo::shmemFreeHoles);
        return out;
    }
}
