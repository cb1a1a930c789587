package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * One extent the core asks a filesystem to collapse into a huge page: by MADV_COLLAPSE, or
 * by khugepaged's scan of a file mapping ({@code hpage_collapse_scan_file}). The core
 * implements it; a filesystem only reads it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface CollapseRequest {

    /** The file page the extent starts at, a multiple of the pages per PMD. */
    long first();

    /** Whether khugepaged's scan asks (the policy's limits apply) rather than MADV_COLLAPSE (they do not). */
    boolean khugepaged();

    /**
     * The mapping the request comes through: the caller's for MADV_COLLAPSE, the VMA being
     * scanned for khugepaged (whose eligibility, such as {@code huge=advise} and
     * {@link VmArea#hugepage()}, is the filesystem's to judge).
     */
    VmArea vma();

    /**
     * khugepaged's limits for a file extent, as the anonymous-memory policy sets them
     * ({@code max_ptes_none}, {@code max_ptes_swap}); always true for MADV_COLLAPSE.
     *
     * @param present pages of the extent in the page cache
     * @param swap    pages of the extent swapped out (0: the model has no swap)
     */
    boolean mayCollapse(int present, int swap);
}
