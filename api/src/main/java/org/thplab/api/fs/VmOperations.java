package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * What a filesystem does for the mappings of its files ({@code vm_operations_struct}).
 *
 * <p>The core calls {@link #fault} with the mmap lock held for reading and no page-table
 * lock held; the handler may allocate and sleep.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface VmOperations {

    /**
     * ->fault(): finds or creates the page of {@code vmf.pgoff()}.
     *
     * <p>On {@link FaultReply#OK} or {@link FaultReply#LOCKED} the handler has called
     * {@link VmFault#setPage} with a referenced page (locked with LOCKED). With
     * {@link FaultFlags#MAY_HUGE} it may instead answer {@link FaultReply#HUGE} with the
     * locked, referenced head of a complete team whose extent the mapping can map by PMD.
     *
     * @return {@link FaultReply} bits
     */
    int fault(VmFault vmf);

    /**
     * hpage_collapse_scan_file(): make the extent at {@code request.first()} one huge page now
     * (MADV_COLLAPSE, ignoring the mount's huge setting, or khugepaged within the policy's
     * limits). The caller holds the mmap lock of the process asking and no page-table lock.
     * For MADV_COLLAPSE answer {@link CollapseResult#EMPTY} when nothing of the extent is in
     * the page cache, without changing it.
     *
     * @return what became of the extent; the default cannot collapse
     */
    default CollapseResult collapse(CollapseRequest request) {
        return CollapseResult.UNSUPPORTED;
    }
}
