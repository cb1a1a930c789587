package org.thplab.mm;

import java.util.List;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.vma.SystemCalls;

/**
 * khugepaged behind {@link Kernel#khugepaged()}, in the simulator's synchronous form: a pass
 * runs when asked, over every process, and the anonymous-memory policy decides what
 * qualifies.
 */
final class KhugepagedDaemon {
    private final Machine machine;
    private final HugeMemory huge;
    private final SystemCalls syscalls;
    private final List<Process> processes;

    /** {@code processes} is the kernel's live list, read at each pass. */
    KhugepagedDaemon(Machine machine, HugeMemory huge, SystemCalls syscalls, List<Process> processes) {
        this.machine = machine;
        this.huge = huge;
        this.syscalls = syscalls;
        this.processes = processes;
    }

    /**
     * khugepaged_do_scan(): one full pass over every mm, collapsing the qualifying extents of
     * anonymous memory, counted as one full scan.
     *
     * @return how many extents were collapsed
     */
    int doScan() {
        int collapsed = 0;
        for (Process p : processes) {
            collapsed += syscalls.khugepagedScanMm(p.mm(), huge.faults().anonymousMemory());
        }
        machine.stat.count(VmStat.Event.KHUGEPAGED_FULL_SCANS);
        return collapsed;
    }
}
