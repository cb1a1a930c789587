package org.thplab.launcher.report;

import org.thplab.mm.PmdExtent;

/**
 * Neighbouring PMD extents of one region that look the same (kind, pages present,
 * mapcounts, team usage, VMA), drawn as one bar so that a terabyte still draws.
 *
 * @param offset  bytes from the region's start to the first extent's start
 * @param length  bytes covered
 * @param count   extents merged
 * @param first   the first extent (its pfns, table and deposit stand for the run's start)
 * @param lastPfn the last extent's last frame
 */
record ExtentRun(long offset, long length, int count, PmdExtent first, long lastPfn) {

    /** Whether {@code e} looks the same as this run's extents (what may be merged into one bar). */
    boolean sameAs(PmdExtent e) {
        return first.kind() == e.kind() && first.present() == e.present()
                && first.minMapcount() == e.minMapcount() && first.maxMapcount() == e.maxMapcount()
                && first.compoundMapcount() == e.compoundMapcount() && first.teamUsage() == e.teamUsage()
                && first.vma().equals(e.vma());
    }

    /** This run with {@code e} appended. */
    ExtentRun plus(PmdExtent e) {
        return new ExtentRun(offset, length + (e.end() - e.start()), count + 1, first,
                e.lastPfn() >= 0 ? e.lastPfn() : lastPfn);
    }
}
