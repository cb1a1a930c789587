package org.thplab.arch.tck;

import java.util.Random;
import java.util.function.Consumer;
import org.thplab.api.API;

/**
 * Runs a randomized check over many seeds, naming the seed of a failure so that it can
 * be replayed.
 *
 * <p>{@code -Dthplab.random.cases=N} sets how many seeds run (default 200; the build
 * passes 500); {@code -Dthplab.seed=S} replays exactly one.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class SeededRuns {

    private SeededRuns() {
        // static helpers only
    }

    /** How many cases a randomized test runs. */
    public static int cases() {
        return Integer.getInteger("thplab.random.cases", 200);
    }

    /**
     * Runs {@code body} once per seed, starting from {@code baseSeed}, or once with the seed
     * given by {@code thplab.seed}.
     *
     * @throws AssertionError wrapping the first failure, with the seed and how to replay it
     */
    public static void run(long baseSeed, Consumer<Random> body) {
        String replay = System.getProperty("thplab.seed");
        if (replay != null) {
            runOne(Long.decode(replay), body);
            return;
        }
        for (int i = 0, n = cases(); i < n; i++) {
            runOne(baseSeed + i, body);
        }
    }

    private static void runOne(long seed, Consumer<Random> body) {
        try {
            body.accept(new Random(seed));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("failed with seed " + seed + " (replay with -Dthplab.seed=" + seed + "): "
                    + e.getMessage(), e);
        }
    }
}
