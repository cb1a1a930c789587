package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * What {@link VmOperations#collapse} made of one extent (khugepaged's {@code enum scan_result},
 * grouped by what the caller does next). MADV_COLLAPSE walks a range extent by extent and
 * stops at the first result that says so; the call succeeds only if every extent answered
 * {@link #COLLAPSED} or {@link #ALREADY_HUGE}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum CollapseResult {
    /** SCAN_SUCCEED: the extent is now one huge page in the page cache. */
    COLLAPSED,
    /** SCAN_PMD_MAPPED / SCAN_PTE_MAPPED_HUGEPAGE: it already was one; the walk goes on. */
    ALREADY_HUGE,
    /** SCAN_TRUNCATED: nothing of the extent is in the page cache (or it lies past the end of file); the walk stops, EINVAL. */
    EMPTY,
    /** SCAN_EXCEED_NONE_PTE / _SWAP_PTE: {@link CollapseRequest#mayCollapse} said no; khugepaged skips it, MADV_COLLAPSE stops (EBUSY). */
    LIMITS,
    /** SCAN_PAGE_COUNT / SCAN_PAGE_LOCK: a page is pinned or locked; the walk goes on and the call ends with EAGAIN. */
    BUSY,
    /** SCAN_ALLOC_HUGE_PAGE_FAIL: no huge page to collapse into; the walk stops, ENOMEM. */
    NO_MEMORY,
    /** SCAN_FAIL: this filesystem does not collapse (or not for this request); the walk stops, EINVAL. */
    UNSUPPORTED
}
