package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When --check checks, and what it says when everything passed. */
class InvariantChecksTests {

    private static List<Integer> dueAfter(int every, int total) {
        InvariantChecks checks = new InvariantChecks(every);
        return IntStream.rangeClosed(1, total).filter(done -> checks.due(done, total)).boxed().toList();
    }

    @Test
    void everyNthCommandAndTheLast() {
        assertEquals(List.of(1, 2, 3, 4), dueAfter(1, 4));
        assertEquals(List.of(3, 6, 7), dueAfter(3, 7));
        assertEquals(List.of(3, 6), dueAfter(3, 6), "the last is not checked twice");
        assertEquals(List.of(2), dueAfter(1000, 2));
    }

    @Test
    void theSummaryCountsChecksAndCommands() {
        InvariantChecks checks = new InvariantChecks(1);
        checks.passed();
        assertEquals("check: 1 invariant check passed after 1 command", checks.summary(1));
        InvariantChecks sampled = new InvariantChecks(100);
        sampled.passed();
        sampled.passed();
        assertEquals("check: 2 invariant checks passed after 150 commands (after every 100 commands and the last)",
                sampled.summary(150));
    }

    @Test
    void checkEveryBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunOptions(true, 0, false, LayoutForm.FULL));
        assertEquals("--check-every 0: expected a whole number of at least 1", e.getMessage());
    }
}
