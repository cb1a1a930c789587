package org.thplab.launcher.fuzz;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * How far a fuzz run got, on standard error: on a terminal one line rewritten at most twice a
 * second, else a line every ten seconds (a CI log still shows it is alive); and the summary.
 */
final class FuzzProgress {
    private static final long TERMINAL_NANOS = 500_000_000L;
    private static final long LOG_NANOS = 10_000_000_000L;
    private static final String ERASE = "\r\033[K";

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private long next;
    private boolean shown;
    private long seeds;
    private long ops;

    FuzzProgress(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.next = started + (terminal ? TERMINAL_NANOS : LOG_NANOS);
    }

    /** A script of {@code commands} commands ran on {@code arch}; draws the progress if it is due. */
    void ran(String arch, long commands) {
        seeds++;
        ops += commands;
        long now = clock.getAsLong();
        if (now - next < 0) {
            return;
        }
        next = now + (terminal ? TERMINAL_NANOS : LOG_NANOS);
        String text = "fuzz: " + arch + ", " + status(now);
        if (terminal) {
            err.print(ERASE + text + " ");
            shown = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** {@code N seeds, M ops in T s (R ops/s)}. */
    String status(long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        return String.format(java.util.Locale.ROOT, "%d seed%s, %d ops in %.1f s (%.0f ops/s)", seeds,
                seeds == 1 ? "" : "s", ops, seconds, ops / seconds);
    }

    /** The summary so far, after erasing the progress line. */
    String summary() {
        erase();
        return status(clock.getAsLong());
    }

    /** Elapsed nanoseconds. */
    long elapsed() {
        return clock.getAsLong() - started;
    }

    private void erase() {
        if (shown) {
            err.print(ERASE);
            err.flush();
            shown = false;
        }
    }
}
