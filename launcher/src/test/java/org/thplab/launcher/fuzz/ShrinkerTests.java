package org.thplab.launcher.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShrinkerTests {
    private static final List<String> LINES = IntStream.range(0, 60).mapToObj(i -> "line" + i).toList();

    /** Fails when line 7 comes before line 41 and line 50 is there: the three must stay, in order. */
    private static boolean fails(List<String> c) {
        int a = c.indexOf("line7");
        int b = c.indexOf("line41");
        return a >= 0 && b > a && c.contains("line50");
    }

    @Test
    void onlyTheLinesTheFailureNeedsStayInTheirOrder() {
        Shrinker s = new Shrinker(ShrinkerTests::fails, 10_000);
        assertEquals(List.of("line7", "line41", "line50"), s.shrink(LINES));
        assertTrue(s.trials() < 200, "delta debugging, not every subset: " + s.trials());
    }

    @Test
    void theResultIsOneMinimal() {
        List<String> found = new Shrinker(c -> c.stream().filter(l -> l.endsWith("3")).count() >= 2, 10_000)
                .shrink(LINES);
        assertEquals(2, found.size(), found.toString());
        for (int i = 0; i < found.size(); i++) {
            List<String> less = new ArrayList<>(found);
            less.remove(i);
            assertFalse(less.stream().filter(l -> l.endsWith("3")).count() >= 2);
        }
    }

    @Test
    void stopsAtItsBudgetWithAFailingScript() {
        Shrinker s = new Shrinker(ShrinkerTests::fails, 5);
        List<String> found = s.shrink(LINES);
        assertEquals(5, s.trials());
        assertTrue(fails(found));
        assertTrue(found.size() < LINES.size());
    }
}
