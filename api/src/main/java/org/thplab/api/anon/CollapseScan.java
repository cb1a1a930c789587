package org.thplab.api.anon;

import org.thplab.api.API;

/**
 * What khugepaged_scan_pmd() found in one PMD extent of PTEs, for the policy to judge.
 *
 * @param none     PTEs that are empty or map the zero page
 * @param swap     swap entries (always 0: the model has no swap)
 * @param shared   PTEs mapping a page mapped elsewhere too
 * @param writable whether some PTE is writable
 * @param young    whether some PTE is young (recently referenced)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CollapseScan(int none, int swap, int shared, boolean writable, boolean young) {
}
