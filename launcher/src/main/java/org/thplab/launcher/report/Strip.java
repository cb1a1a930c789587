package org.thplab.launcher.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.thplab.mm.PmdExtent;

/**
 * One region's PMD extents at one step, identical neighbours merged into {@link ExtentRun}s.
 * Fed by {@link org.thplab.mm.Process#extents} one extent at a time.
 */
final class Strip implements Consumer<PmdExtent> {
    private final long regionStart;
    private final List<ExtentRun> runs = new ArrayList<>();
    private int extents;

    Strip(long regionStart) {
        this.regionStart = regionStart;
    }

    @Override
    public void accept(PmdExtent e) {
        extents++;
        int last = runs.size() - 1;
        if (last >= 0 && runs.get(last).sameAs(e)) {
            runs.set(last, runs.get(last).plus(e));
        } else {
            runs.add(new ExtentRun(e.start() - regionStart, e.end() - e.start(), 1, e, e.lastPfn()));
        }
    }

    /** The runs, in address order. */
    List<ExtentRun> runs() {
        return runs;
    }

    /** Extents walked, before merging. */
    int extents() {
        return extents;
    }

    /** Whether {@code other} draws the same: same runs with the same extents (pfns and tables included). */
    boolean drawsLike(Strip other) {
        return other != null && runs.equals(other.runs);
    }
}
