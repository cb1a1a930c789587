package org.thplab.mm;

import java.util.ArrayList;
import java.util.List;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;

/**
 * Memory pressure behind {@link Kernel#reclaim()}: the shrinkers of one machine, each run
 * once. The simulator has no page reclaim proper (no LRU, no swap); what it frees under
 * pressure is what the kernel's shrinkers free.
 */
final class Reclaim {
    private final Machine machine;
    private final HugeMemory huge;
    private final Filesystems filesystems;
    private final List<Process> processes;

    /** {@code processes} is the kernel's live list, read at each run. */
    Reclaim(Machine machine, HugeMemory huge, Filesystems filesystems, List<Process> processes) {
        this.machine = machine;
        this.huge = huge;
        this.filesystems = filesystems;
        this.processes = processes;
    }

    /**
     * shrink_slab(): deferred_split_scan splits the queued THPs (their unmapped subpages
     * freed) and, if the policy says so, underused ones, every mounted filesystem frees what it can (tmpfs: the free holes of incomplete
     * teams), and the huge zero page goes if nothing maps it.
     *
     * @return frames freed
     */
    long shrinkSlab() {
        long before = machine.buddy.freeFrames();
        List<MmStruct> mms = new ArrayList<>();
        for (Process p : processes) {
            mms.add(p.mm());
        }
        for (long head : huge.deferredSplit().candidates(mms, huge.faults().anonymousMemory())) {
            huge.anon().splitHugePage(head, mms);
        }
        filesystems.shrink();
        huge.zeroPage().shrink();
        return machine.buddy.freeFrames() - before;
    }
}
