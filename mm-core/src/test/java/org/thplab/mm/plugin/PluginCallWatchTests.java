package org.thplab.mm.plugin;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's judgement, sampled on a clock the test sets: a call that asks the core for
 * nothing past the limit is reported once, by plugin and operation; a call that keeps asking
 * (Pages) or is in a core callback is not; a finished call is not.
 */
class PluginCallWatchTests {
    /** A plugin of its own, so that other threads' calls never match. */
    private static final class Stuck {
    }

    private final Stuck plugin = new Stuck();
    private final List<String> hangs = new ArrayList<>();

    private void sample(long now) {
        PluginCallWatch.sample(now, 100, what -> {
            if (what.contains(Stuck.class.getName())) {
                hangs.add(what);
            }
        });
    }

    @Test
    void aCallThatAsksForNothingPastTheLimitIsReportedOnce() {
        PluginCallWatch.Slot s = PluginCallWatch.enter(plugin, "fault");
        try {
            sample(1000);
            sample(1099);
            assertEquals(List.of(), hangs, "within the limit");
            sample(1100);
            assertEquals(List.of(PluginFailures.describe(plugin) + ": fault did not return within 100 ms"), hangs);
            sample(5000);
            assertEquals(1, hangs.size(), "reported once");
        } finally {
            s.exit();
        }
    }

    @Test
    void progressAndCoreCallbacksRestartTheClockAndAFinishedCallIsForgotten() {
        PluginCallWatch.Slot s = PluginCallWatch.enter(plugin, "truncate");
        try {
            sample(0);
            PluginCallWatch.progress();
            sample(90);
            PluginCallWatch.progress();
            sample(180);
            PluginCallWatch.intoCore();
            sample(270);
            sample(900); // the core's own time
            PluginCallWatch.backToPlugin();
            sample(950);
            assertEquals(List.of(), hangs);
        } finally {
            s.exit();
        }
        sample(2000);
        sample(3000);
        assertEquals(List.of(), hangs, "the call returned");
    }
}
