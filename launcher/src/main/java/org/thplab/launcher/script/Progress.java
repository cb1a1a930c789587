package org.thplab.launcher.script;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.LongSupplier;

/**
 * Progress of a long script on standard error, only when the console is a terminal: the line
 * being run (and how far a long command got), rewritten in place at most twice a second. It is
 * erased before any line of output, on either stream, so that a progress text never shares a
 * line with output: output goes through {@link #erasing}.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 500_000_000L;
    /** Erases from the cursor to the end of the line (ANSI EL). */
    private static final String ERASE = "\r\033[K";
    private static final Progress NONE = new Progress(null, null, 0, () -> 0);

    private final PrintWriter terminal;
    private final Writer out;
    private final int steps;
    private final LongSupplier clock;
    private int done;
    private int line;
    private String word;
    private long next;
    private boolean shown;

    /**
     * Progress drawn on {@code terminal}; {@code out} (the other stream to the same screen) is
     * flushed before each drawing so that its lines land before the progress text.
     */
    Progress(PrintWriter terminal, Writer out, int steps, LongSupplier clock) {
        this.terminal = terminal;
        this.out = out;
        this.steps = steps;
        this.clock = clock;
        this.next = clock.getAsLong() + INTERVAL_NANOS;
    }

    /** Progress on {@code err} if the process's console is a terminal, else nothing. */
    static Progress forTerminal(PrintWriter err, Writer out, int steps) {
        return Terminal.stderr() ? new Progress(err, out, steps, System::nanoTime) : NONE;
    }

    /** No progress at all. */
    static Progress none() {
        return NONE;
    }

    /** Command {@code word} of script line {@code line} starts. */
    void at(int line, String word) {
        if (terminal == null) {
            return;
        }
        this.done++;
        this.line = line;
        this.word = word;
        drawIfDue(null);
    }

    /** The current command has done {@code part} of {@code whole} (bytes, pages: any unit). */
    void within(long part, long whole) {
        if (terminal == null || whole <= 0) {
            return;
        }
        drawIfDue(" (" + word + " " + Math.min(100, part * 100 / whole) + "%)");
    }

    private void drawIfDue(String detail) {
        long now = clock.getAsLong();
        if (now - next < 0) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            return; // standard output is gone: nothing to draw over
        }
        terminal.flush();
        terminal.print(ERASE + "thplab: line " + line + ", command " + done + " of " + steps
                + (detail == null ? "" : detail) + " ");
        terminal.flush();
        shown = true;
        next = now + INTERVAL_NANOS;
    }

    /** Removes the progress text from the screen, if it is there. */
    void erase() {
        if (shown) {
            shown = false;
            terminal.print(ERASE);
            terminal.flush();
        }
    }

    /** The script ended: the progress text goes. */
    void done() {
        erase();
    }

    /** {@code target}, erasing the progress text before anything is written to it. */
    Writer erasing(Writer target) {
        if (terminal == null) {
            return target;
        }
        return new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                erase();
                target.write(buf, off, len);
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                erase();
                target.write(s, off, len);
            }

            @Override
            public void flush() throws IOException {
                target.flush();
            }

            @Override
            public void close() throws IOException {
                target.close();
            }
        };
    }
}
