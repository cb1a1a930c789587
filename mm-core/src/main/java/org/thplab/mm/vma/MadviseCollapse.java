package org.thplab.mm.vma;

import java.util.List;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.CollapseResult;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.huge.Khugepaged.ScanResult;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.plugin.PluginFailures;

/**
 * madvise(MADV_COLLAPSE) as Linux 6.18 walks it, whatever the plugins loaded (the call
 * appeared in 6.1, so even the seed's design gets 6.x's rules): VMA by VMA, then the
 * PMD-aligned extents of each in address order. An extent that is collapsed, or was already
 * huge (the huge zero page included), counts; some failures let the walk go on and fail the
 * call at the end; the others stop it at once, leaving the rest of the range untouched.
 * Enabled and the max_ptes_* limits are not consulted.
 */
final class MadviseCollapse {

    /** What the call returns: 0 or the errno of madvise_collapse_errno(). */
    enum Status {
        /** Every extent of the range is huge now. */
        SUCCESS,
        /** EINVAL: the VMA cannot have huge pages, or an extent cannot be collapsed. */
        EINVAL,
        /** EAGAIN: a page was busy (pinned or locked); trying again may work. */
        EAGAIN,
        /** EBUSY: a filesystem's limits refused an extent. */
        EBUSY,
        /** ENOMEM: no huge page to collapse into, or part of the range is not mapped. */
        ENOMEM
    }

    private final Geometry g;
    private final HugeMemory huge;
    private final PluginFailures failures;

    MadviseCollapse(Geometry g, HugeMemory huge, PluginFailures failures) {
        this.g = g;
        this.huge = huge;
        this.failures = failures;
    }

    /**
     * madvise_walk_vmas() with madvise_collapse() for each VMA piece of {@code [start, end)}:
     * the first VMA that fails ends the call with its errno; a hole in the range does not stop
     * the walk but fails the call with ENOMEM. The caller holds the mmap lock.
     */
    Status madviseCollapse(MmStruct mm, long start, long end) {
        boolean unmapped = false;
        long at = start;
        for (Vma vma : List.copyOf(mm.vmas().overlapping(start, end))) {
            unmapped |= vma.start() > at;
            Status s = collapseVma(mm, vma, Math.max(start, vma.start()), Math.min(end, vma.end()));
            if (s != Status.SUCCESS) {
                return s;
            }
            at = vma.end();
        }
        return unmapped || at < end ? Status.ENOMEM : Status.SUCCESS;
    }

    /**
     * madvise_collapse() of {@code [start, end)} inside {@code vma}: success only if every
     * extent of the piece ends up huge.
     */
    private Status collapseVma(MmStruct mm, Vma vma, long start, long end) {
        if (!allowsForcedCollapse(vma)) {
            return Status.EINVAL;
        }
        long pmdSize = g.pmdSize();
        long hstart = (start + pmdSize - 1) & -pmdSize;
        long hend = end & -pmdSize;
        Status lastFail = Status.SUCCESS;
        for (long haddr = hstart; haddr < hend; haddr += pmdSize) {
            Step step = vma.file() == null
                    ? anonymous(huge.khugepaged().madviseCollapsePmd(mm, vma, haddr))
                    : file(FileCollapseRequest.ask(failures, vma, haddr, g, null));
            if (vma.file() != null && step == Step.COUNTED && !installFilePmd(mm, vma, haddr)) {
                step = Step.stop(Status.EINVAL); // SCAN_FAIL: the caller's PTEs map something else
            }
            if (step.stop()) {
                return step.errno();
            }
            if (step.errno() != Status.SUCCESS) {
                lastFail = step.errno();
            }
        }
        return lastFail;
    }

    /**
     * SCAN_PTE_MAPPED_HUGEPAGE: a file extent now one compound page is mapped by PMD in the
     * caller (collapse_pte_mapped_thp with install_pmd), even where it had no page table.
     */
    private boolean installFilePmd(MmStruct mm, Vma vma, long haddr) {
        mm.pageTables().pmdAlloc(haddr);
        return huge.filePmd().collapsePteMappedThp(mm, vma, haddr, true, mm.pageTables().pmdTable(haddr));
    }

    /**
     * thp_vma_allowable_order() with TVA_FORCED_COLLAPSE: no MADV_NOHUGEPAGE, an anon_vma for
     * anonymous memory, a file mapped congruently (its offset and address agree modulo a PMD),
     * and at least one whole aligned extent inside the VMA. Whether a file's filesystem can
     * collapse at all is its own answer ({@link CollapseResult#UNSUPPORTED}).
     */
    private boolean allowsForcedCollapse(Vma vma) {
        if (vma.has(VmFlag.NOHUGEPAGE)) {
            return false;
        }
        if (vma.file() == null && vma.anonVma() == 0) {
            return false;
        }
        int nr = g.hpagePmdNr();
        if (vma.file() != null && (((vma.start() >>> g.pageShift()) - vma.pgoff()) & (nr - 1)) != 0) {
            return false;
        }
        long lastExtent = (vma.end() - g.pmdSize()) & -g.pmdSize();
        return lastExtent >= vma.start();
    }

    /** What an anonymous extent's scan result means for the walk (madvise_collapse's switch). */
    private static Step anonymous(ScanResult r) {
        return switch (r) {
            case SUCCEED, PMD_MAPPED -> Step.COUNTED;
            // The kernel's list of results the walk goes on after; nothing resident but the zero
            // page is 6.18's read-only case before its writable-PTE rule went (issue 13, item 7).
            case PMD_NULL, EXCEED_NONE_PTE, PAGE_RO -> Step.goOn(Status.EINVAL);
            case PAGE_COUNT -> Step.goOn(Status.EAGAIN);
            case ALLOC_HUGE_PAGE_FAIL -> Step.stop(Status.ENOMEM);
            case PMD_NONE, VMA_CHECK, PAGE_ANON, EXCEED_LIMITS -> Step.stop(Status.EINVAL);
        };
    }

    /** What a filesystem's answer means for the walk. */
    private static Step file(CollapseResult r) {
        return switch (r) {
            case COLLAPSED, ALREADY_HUGE -> Step.COUNTED;
            case BUSY -> Step.goOn(Status.EAGAIN);
            case EMPTY, UNSUPPORTED -> Step.stop(Status.EINVAL);
            case LIMITS -> Step.stop(Status.EBUSY);
            case NO_MEMORY -> Step.stop(Status.ENOMEM);
        };
    }

    /**
     * One extent's effect on the walk: counted as huge ({@link Status#SUCCESS}), a failure
     * remembered while the walk goes on, or a failure that stops it.
     */
    private record Step(boolean stop, Status errno) {
        static final Step COUNTED = new Step(false, Status.SUCCESS);

        static Step goOn(Status errno) {
            return new Step(false, errno);
        }

        static Step stop(Status errno) {
            return new Step(true, errno);
        }
    }
}
