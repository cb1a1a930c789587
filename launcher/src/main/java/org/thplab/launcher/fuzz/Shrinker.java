package org.thplab.launcher.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging (Zeller's ddmin, complements only) over a failing script's lines: removes
 * ever smaller chunks while the rest still fails the same way, down to a script from which no
 * single line can go. A removal that leaves a name undefined makes the script malformed, which
 * is not the same failure, so such candidates are refused by the test itself.
 */
final class Shrinker {
    private final Predicate<List<String>> failsTheSameWay;
    private final int maxTrials;
    private int trials;

    /**
     * @param failsTheSameWay whether a candidate still fails as the original did
     * @param maxTrials the most candidates tried; the smallest failing one so far is kept
     */
    Shrinker(Predicate<List<String>> failsTheSameWay, int maxTrials) {
        this.failsTheSameWay = failsTheSameWay;
        this.maxTrials = maxTrials;
    }

    /** The smallest failing script found from {@code lines} (which must fail). */
    List<String> shrink(List<String> lines) {
        List<String> current = List.copyOf(lines);
        int n = 2;
        while (current.size() >= 2 && trials < maxTrials) {
            boolean reduced = false;
            int chunk = (current.size() + n - 1) / n;
            for (int from = 0; from < current.size() && trials < maxTrials; from += chunk) {
                List<String> complement = new ArrayList<>(current.subList(0, from));
                complement.addAll(current.subList(Math.min(current.size(), from + chunk), current.size()));
                if (test(complement)) {
                    current = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break; // every single line was tried: 1-minimal
                }
                n = Math.min(2 * n, current.size());
            }
        }
        return current;
    }

    private boolean test(List<String> candidate) {
        trials++;
        return failsTheSameWay.test(candidate);
    }

    /** Candidates tried. */
    int trials() {
        return trials;
    }
}
