package org.thplab.launcher.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FuzzProgressTests {
    private long now;
    private final StringWriter text = new StringWriter();

    private FuzzProgress progress(boolean terminal) {
        return new FuzzProgress(new PrintWriter(text), terminal, () -> now);
    }

    @Test
    void aLogGetsALineEveryTenSeconds() {
        FuzzProgress p = progress(false);
        now = 9_000_000_000L;
        p.ran("x86_64", 50);
        assertEquals("", text.toString(), "not due yet");
        now = 10_000_000_000L;
        p.ran("x86_64", 50);
        assertEquals("fuzz: x86_64, 2 seeds, 100 ops in 10.0 s (10 ops/s)\n", text.toString());
        now = 12_000_000_000L;
        p.ran("x86_64", 20);
        assertEquals(1, text.toString().lines().count(), "the next one ten seconds later");
    }

    @Test
    void aTerminalGetsOneLineRedrawnAndErasedBeforeTheSummary() {
        FuzzProgress p = progress(true);
        now = 500_000_000L;
        p.ran("ppc64", 10);
        now = 1_000_000_000L;
        p.ran("ppc64", 10);
        assertEquals("\r\033[Kfuzz: ppc64, 1 seed, 10 ops in 0.5 s (20 ops/s) \r\033[Kfuzz: ppc64, 2 seeds, 20 ops in"
                + " 1.0 s (20 ops/s) ", text.toString());
        assertEquals("2 seeds, 20 ops in 1.0 s (20 ops/s)", p.summary());
        assertTrue(text.toString().endsWith("\r\033[K"), "erased before the summary is printed");
    }
}
