package org.thplab.mm.vma;

import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.arch.Geometry;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.fs.CollapseRequest;
import org.thplab.api.fs.CollapseResult;
import org.thplab.api.fs.VmArea;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.mmtypes.VmaView;
import org.thplab.mm.plugin.PluginFailures;

/**
 * One file extent offered to its filesystem's {@code collapse} (hpage_collapse_scan_file):
 * by MADV_COLLAPSE without limits, or by khugepaged within the anonymous-memory policy's
 * ({@code max_ptes_none}, {@code max_ptes_swap}, asked as a scan of an extent whose PTEs are
 * all writable and young, since a file scan does not look at PTEs).
 *
 * @param policy the policy whose limits apply, or null for MADV_COLLAPSE
 * @param nr     pages per PMD
 */
record FileCollapseRequest(long first, VmArea vma, AnonymousMemory policy, int nr) implements CollapseRequest {

    /**
     * Asks the filesystem mapped by {@code vma} to collapse the extent at {@code haddr}. A
     * filesystem that throws (or answers null) is reported, naming it, and its extent counts
     * as {@link CollapseResult#UNSUPPORTED}.
     */
    static CollapseResult ask(PluginFailures failures, Vma vma, long haddr, Geometry g, AnonymousMemory policy) {
        int nr = g.hpagePmdNr();
        var request = new FileCollapseRequest(vma.linearPageIndex(haddr, g.pageShift()), new VmaView(vma, g), policy,
                nr);
        var ops = vma.file().ops();
        int answer = failures.containCount(ops, "collapse", () -> 1 + ops.collapse(request).ordinal());
        return answer == 0 ? CollapseResult.UNSUPPORTED : CollapseResult.values()[answer - 1];
    }

    @Override
    public boolean khugepaged() {
        return policy != null;
    }

    @Override
    public boolean mayCollapse(int present, int swap) {
        return policy == null || policy.mayCollapse(new CollapseScan(nr - present - swap, swap, 0, true, true));
    }
}
