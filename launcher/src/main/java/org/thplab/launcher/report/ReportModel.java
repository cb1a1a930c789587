package org.thplab.launcher.report;

import java.util.List;
import java.util.Map;
import org.thplab.mm.Smaps;

/**
 * What the page shows, as recorded from a run: one {@link StepAt} per script line that ran,
 * the strips they point to (a strip drawn the same at consecutive steps is stored once), and
 * every counter as a series over the steps.
 *
 * @param script     the script's name
 * @param arch       the architecture's name
 * @param pageSize   bytes per page
 * @param pmdSize    bytes one PMD maps
 * @param steps      the steps in order
 * @param strips     the distinct strips the steps point to
 * @param meminfo    /proc/meminfo counters in kB, one value per step
 * @param vmstat     /proc/vmstat counters and events, one value per step
 * @param exitStatus the run's exit status
 */
record ReportModel(String script, String arch, long pageSize, long pmdSize, List<StepAt> steps, List<Strip> strips,
                   Map<String, long[]> meminfo, Map<String, long[]> vmstat, int exitStatus) {

    /** One step: its script line and text, what it printed, and every live region after it. */
    record StepAt(int line, String text, List<String> out, List<String> err, List<RegionAt> regions) {
    }

    /** A region after a step: which strip draws it and its smaps figures. */
    record RegionAt(String process, String name, long start, long length, int strip, Smaps smaps) {
    }
}
