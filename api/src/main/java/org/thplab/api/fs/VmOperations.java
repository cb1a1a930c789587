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
     * MADV_COLLAPSE of the extent starting at file page {@code first}: make it a huge page now
     * and map it by PMD where the file's mappings can, ignoring the mount's huge setting.
     * The caller holds the mmap lock of the process asking.
     *
     * @return whether the extent is now a huge page; the default cannot collapse
     */
    default boolean collapse(long first) {
        return false;
    }
}
