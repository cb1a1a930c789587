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
     * <p>Compound pages (experimental): answering OK or LOCKED with a subpage of a PMD-order
     * compound page cached in the file makes the core map it as finish_fault() does: by one
     * PMD (do_set_pmd) if the PMD slot is empty, the mapping is not VM_NOHUGEPAGE and
     * {@link VmArea#pmdSuitable} holds; else, for a swap-backed page that lies wholly inside
     * the mapping, one page table and the file's size, by PTEs for all its subpages if none
     * of them is mapped there yet; else by one PTE. A private write maps a small anonymous
     * copy instead. {@link FaultReply#HUGE} stays for teams only.
     *
     * @return {@link FaultReply} bits
     */
    int fault(VmFault vmf);

    /**
     * Whether the file's read faults first map the cached pages around the address
     * ({@code vm_ops->map_pages = filemap_map_pages}, through do_fault_around): the aligned
     * 64 KiB block around the address, clipped to the mapping, the page table and the file's
     * size, empty PTEs only; a PMD-order compound page at an empty PMD slot is mapped by PMD
     * where it can be, and one wholly inside the mapping and one page table has all its
     * empty PTEs mapped. Default false: every fault asks {@link #fault}.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    default boolean mapPages() {
        return false;
    }

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
