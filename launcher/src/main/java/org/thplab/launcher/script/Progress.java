package org.thplab.launcher.script;

import java.io.PrintWriter;

/**
 * Progress of a long script on standard error, only when that is a terminal: the line being
 * run, rewritten in place at most twice a second, erased at the end. Standard output carries
 * only the script's lines.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 500_000_000L;
    private static final Progress NONE = new Progress(null, 0);

    private final PrintWriter err;
    private final int steps;
    private int done;
    private long next = System.nanoTime() + INTERVAL_NANOS;
    private boolean shown;

    private Progress(PrintWriter err, int steps) {
        this.err = err;
        this.steps = steps;
    }

    /** Progress on {@code err} if the process's console is a terminal, else nothing. */
    static Progress forTerminal(PrintWriter err, int steps) {
        return System.console() != null ? new Progress(err, steps) : NONE;
    }

    void at(int line) {
        if (err == null) {
            return;
        }
        done++;
        long now = System.nanoTime();
        if (now >= next) {
            err.printf("\rthplab: line %d, command %d of %d ", line, done, steps);
            err.flush();
            shown = true;
            next = now + INTERVAL_NANOS;
        }
    }

    void done() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }
}
