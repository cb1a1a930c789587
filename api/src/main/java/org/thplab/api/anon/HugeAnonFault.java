package org.thplab.api.anon;

import org.thplab.api.API;
import org.thplab.api.fs.FaultReply;

/**
 * One fault on an empty or read-only huge PMD of private anonymous memory, and the core's
 * mechanisms the policy may apply to it. Valid only during the call it is passed to; the
 * core holds the mmap lock and takes the PMD lock itself.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface HugeAnonFault {

    /** The faulting address. */
    long address();

    /** Whether the access is a write. */
    boolean write();

    /** Whether the PMD-aligned extent holding {@link #address()} lies inside the mapping. */
    boolean extentInVma();

    /** For a write fault on a huge PMD: whether it maps the huge zero page. */
    boolean mapsHugeZeroPage();

    /**
     * For a write fault on a huge PMD of a THP: page_trans_huge_mapcount(), its PMD mappings
     * plus the most PTE mappings of any one subpage; 1 means only this PMD maps any of it.
     */
    int mapcount();

    /**
     * set_huge_zero_page(): maps the huge zero page read-only.
     *
     * @return {@link FaultReply#OK}; {@link FaultReply#OOM} if neither the zero page nor a
     *         page table could be had; {@link FaultReply#FALLBACK} if the slot was taken
     */
    int mapHugeZeroPage();

    /**
     * Allocates a zeroed huge page and maps it (writable and dirty when the mapping is).
     *
     * @return {@link FaultReply#OK}; {@link FaultReply#OOM} if no huge page or page table
     *         could be had; {@link FaultReply#FALLBACK} if the slot was taken meanwhile
     */
    int mapNewHugePage();

    /** Makes the huge PMD writable, dirty and young: the THP is reused in place. */
    int reuseHugePage();

    /**
     * Copies the mapped page (zeros for the huge zero page) into a new huge page and maps that
     * writable in place of it.
     *
     * @return {@link FaultReply#OK} (also when another fault changed the PMD first: the access
     *         retries); {@link FaultReply#OOM} if no huge page could be had
     */
    int copyHugePage();

    /** split_huge_pmd(): the PMD becomes PTEs; the PTE path then handles the access. */
    void splitHugePmd();
}
