package org.thplab.launcher.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thplab.launcher.script.StepObserver;
import org.thplab.mm.Kernel;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Smaps;

/**
 * Records a run step by step for the report: every live region's strip of PMD extents, its
 * smaps figures, the global meminfo and vmstat counters, and the lines the step printed.
 */
public final class ReportRecorder implements StepObserver {
    private static final Smaps NO_SMAPS = new Smaps(0, 0, 0, 0, 0);

    private final List<String> scriptLines;
    private final LineTap out;
    private final LineTap err;
    private final List<ReportModel.StepAt> steps = new ArrayList<>();
    private final List<Strip> strips = new ArrayList<>();
    private final Map<String, Integer> lastStrip = new HashMap<>();
    private final Map<String, List<Long>> meminfo = new LinkedHashMap<>();
    private final Map<String, List<Long>> vmstat = new LinkedHashMap<>();
    private String arch = "";
    private long pageSize;
    private long pmdSize;

    /**
     * @param scriptLines the script, for each step's text
     * @param out         where the run's standard output goes (passed on, and recorded)
     * @param err         where the run's errors go (passed on, and recorded)
     */
    public ReportRecorder(List<String> scriptLines, java.io.Writer out, java.io.Writer err) {
        this.scriptLines = List.copyOf(scriptLines);
        this.out = new LineTap(out);
        this.err = new LineTap(err);
    }

    /** The writer to give the run as its standard output. */
    public java.io.PrintWriter out() {
        return new java.io.PrintWriter(out, true);
    }

    /** The writer to give the run for its errors. */
    public java.io.PrintWriter err() {
        return new java.io.PrintWriter(err, true);
    }

    @Override
    public void afterStep(int line, Kernel kernel, List<Region> regions) {
        List<ReportModel.RegionAt> at = new ArrayList<>();
        if (kernel != null) {
            arch = kernel.architecture().name();
            pageSize = kernel.architecture().geometry().pageSize();
            pmdSize = kernel.architecture().geometry().pmdSize();
            for (Region r : regions) {
                at.add(record(r));
            }
        }
        steps.add(new ReportModel.StepAt(line, scriptLines.get(line - 1).strip(), shortened(out.take()),
                shortened(err.take()), at));
        int step = steps.size() - 1;
        if (kernel != null) {
            Meminfo m = kernel.meminfo();
            put(meminfo, "AnonHugePages", step, m.anonHugePages() >> 10);
            put(meminfo, "ShmemHugePages", step, m.shmemHugePages() >> 10);
            put(meminfo, "ShmemPmdMapped", step, m.shmemPmdMapped() >> 10);
            put(meminfo, "Shmem", step, m.shmem() >> 10);
            put(meminfo, "AnonPages", step, m.anonPages() >> 10);
            put(meminfo, "MemFree", step, m.memFree() >> 10);
            put(meminfo, "PageTables", step, m.pageTables() >> 10);
            put(meminfo, "ShmemFreeHoles", step, m.shmemFreeHoles() >> 10);
            kernel.vmstat().forEach((k, v) -> put(vmstat, k, step, v));
        }
    }

    /** Longest output line kept whole: a terabyte's layout line is half a million characters. */
    static final int LONGEST_LINE = 4096;

    private static List<String> shortened(List<String> lines) {
        return lines.stream().map(l -> l.length() <= LONGEST_LINE ? l
                : l.substring(0, LONGEST_LINE) + "... (" + (l.length() - LONGEST_LINE) + " more characters)").toList();
    }

    private ReportModel.RegionAt record(Region r) {
        String key = r.processName() + " " + r.name();
        Strip strip = new Strip(r.start());
        Smaps smaps = NO_SMAPS;
        if (r.length() > 0) {
            r.process().extents(r.start(), r.length(), strip);
            smaps = r.process().smaps(r.start(), r.length());
        }
        Integer previous = lastStrip.get(key);
        int index;
        if (previous != null && strips.get(previous).drawsLike(strip)) {
            index = previous;
        } else {
            strips.add(strip);
            index = strips.size() - 1;
            lastStrip.put(key, index);
        }
        return new ReportModel.RegionAt(r.processName(), r.name(), r.start(), r.length(), index, smaps);
    }

    /** Sets {@code name}'s value at {@code step}; steps before the first value read 0. */
    private static void put(Map<String, List<Long>> series, String name, int step, long value) {
        List<Long> s = series.computeIfAbsent(name, k -> new ArrayList<>());
        while (s.size() < step) {
            s.add(0L);
        }
        s.add(value);
    }

    /** Steps recorded so far. */
    public int steps() {
        return steps.size();
    }

    /** The recorded run, finished with its exit status. */
    public ReportModel model(String script, int exitStatus) {
        return new ReportModel(script, arch, pageSize, pmdSize, List.copyOf(steps), List.copyOf(strips),
                columns(meminfo), columns(vmstat), exitStatus);
    }

    private Map<String, long[]> columns(Map<String, List<Long>> series) {
        Map<String, long[]> out = new LinkedHashMap<>();
        series.forEach((k, v) -> {
            long[] a = new long[steps.size()];
            for (int i = 0; i < v.size(); i++) {
                a[i] = v.get(i);
            }
            out.put(k, a);
        });
        return out;
    }
}
