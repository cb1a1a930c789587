package org.thplab.api.anon;

import java.util.List;
import org.thplab.api.API;
import org.thplab.api.fs.FaultReply;

/**
 * One machine's anonymous transparent-hugepage policy: the decisions of mm/huge_memory.c and
 * mm/khugepaged.c that differ from kernel to kernel, over mechanisms the core provides.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AnonymousMemory {

    /** The knobs {@link #set} takes, in the order an error message lists them. */
    List<String> knobs();

    /**
     * Sets one knob as writing to /sys/kernel/mm/transparent_hugepage does.
     *
     * @throws IllegalArgumentException naming the knob and the values it takes
     */
    void set(String knob, String value);

    /** transparent_hugepage_enabled(): may faults and khugepaged give this mapping huge pages? */
    boolean hugeEnabled(boolean hugepage, boolean nohugepage);

    /**
     * do_huge_pmd_anonymous_page(): the PMD slot is empty and {@link #hugeEnabled} said yes.
     *
     * @return {@link FaultReply#OK} if a huge PMD now maps the extent, else
     *         {@link FaultReply#FALLBACK} for the PTE path
     */
    int hugeFault(HugeAnonFault fault);

    /**
     * do_huge_pmd_wp_page(): a write through a read-only huge PMD of the mapping.
     *
     * @return {@link FaultReply#OK} if the PMD now allows the write (or changed under the
     *         fault, which then retries), else {@link FaultReply#FALLBACK} after
     *         {@link HugeAnonFault#splitHugePmd()}, for the PTE path
     */
    int hugeWpFault(HugeAnonFault fault);

    /** khugepaged's limits: may the extent scanned be collapsed into a huge page? */
    boolean mayCollapse(CollapseScan scan);

    /**
     * thp_underused(): may the deferred-split shrinker split a THP that is still wholly mapped
     * because {@code zeroFilled} of its subpages hold only zeroes (Linux 6.12 and later)?
     *
     * @return the default: no, only partly unmapped THPs are split
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    default boolean splitUnderused(int zeroFilled) {
        return false;
    }

    /**
     * remap_page() with RMP_USE_SHARED_ZEROPAGE: when an anonymous THP is split into small
     * pages, are the mapped subpages that hold only zeroes replaced by the shared zero page
     * (and freed) rather than kept (Linux 6.12 and later)?
     *
     * @return the default: no, every mapped subpage is kept
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    default boolean splitMapsZeroPage() {
        return false;
    }
}
