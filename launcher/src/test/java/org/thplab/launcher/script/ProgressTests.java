package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Progress on a fake terminal: drawn in place, erased before every output line, never mixed with one. */
class ProgressTests {
    private static final long SECOND = 1_000_000_000L;

    /** A screen that both streams write to, honouring carriage return and erase-to-end-of-line as a terminal does. */
    static final class FakeTerminal extends Writer {
        final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        private int col;
        private int escape; // 0 none, 1 after ESC, 2 after ESC [

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                put(buf[i]);
            }
        }

        private void put(char c) {
            StringBuilder row = rows.get(rows.size() - 1);
            if (escape == 1) {
                escape = c == '[' ? 2 : 0;
            } else if (escape == 2) {
                if (c == 'K') {
                    row.setLength(col);
                }
                escape = c >= '@' && c <= '~' ? 0 : 2;
            } else if (c == '\033') {
                escape = 1;
            } else if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                rows.add(new StringBuilder());
                col = 0;
            } else if (col < row.length()) {
                row.setCharAt(col++, c);
            } else {
                row.append(c);
                col++;
            }
        }

        /** The finished rows and the one the cursor is on. */
        List<String> screen() {
            return rows.stream().map(StringBuilder::toString).toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private final FakeTerminal tty = new FakeTerminal();
    private final PrintWriter rawOut = new PrintWriter(tty);
    private final PrintWriter rawErr = new PrintWriter(tty);
    private final AtomicLong now = new AtomicLong();

    @Test
    void theProgressIsErasedBeforeAnOutputLineOnEitherStream() {
        Progress progress = new Progress(rawErr, rawOut, 6, now::get);
        PrintWriter out = new PrintWriter(progress.erasing(rawOut));
        PrintWriter err = new PrintWriter(progress.erasing(rawErr));
        now.addAndGet(SECOND);
        progress.at(5, "smaps");
        assertEquals(List.of("thplab: line 5, command 1 of 6 "), tty.screen());
        out.println("smaps p0 A Size=8");
        out.flush();
        now.addAndGet(SECOND);
        progress.at(6, "map");
        err.println("x.wl:6: map failed: no");
        err.flush();
        progress.done();
        assertEquals(List.of("smaps p0 A Size=8", "x.wl:6: map failed: no", ""), tty.screen());
    }

    @Test
    void aLongCommandShowsHowFarItGotAtMostTwiceASecond() {
        Progress progress = new Progress(rawErr, rawOut, 3, now::get);
        progress.at(2, "write");
        assertEquals(List.of(""), tty.screen(), "nothing before the first half second");
        now.addAndGet(SECOND);
        progress.within(37, 100);
        assertEquals(List.of("thplab: line 2, command 1 of 3 (write 37%) "), tty.screen());
        progress.within(90, 100);
        assertEquals(List.of("thplab: line 2, command 1 of 3 (write 37%) "), tty.screen(), "too soon to redraw");
        now.addAndGet(SECOND / 2);
        progress.within(90, 100);
        assertEquals(List.of("thplab: line 2, command 1 of 3 (write 90%) "), tty.screen());
        progress.done();
        assertEquals(List.of(""), tty.screen());
    }

    @Test
    void aRunPrintsEachLineOnItsOwnWhateverTheProgressDrew() {
        List<String> lines = List.of("echo one", "echo two", "echo three");
        int status = ScriptRunner.run("e.wl", lines, TestGeometry.plugins(List.of(), null), rawOut, rawErr,
                RunOptions.DEFAULT, StepObserver.NONE, steps -> new Progress(rawErr, rawOut, steps, () -> now.addAndGet(SECOND)));
        assertEquals(ScriptRunner.OK, status);
        assertEquals(List.of("echo one", "echo two", "echo three", ""), tty.screen());
    }

    @Test
    void withoutATerminalNothingIsDrawnAndOutputIsUntouched() {
        Progress progress = Progress.none();
        StringWriter target = new StringWriter();
        assertTrue(progress.erasing(target) == target);
        progress.at(1, "write");
        progress.within(1, 2);
        progress.done();
        assertEquals(List.of(""), tty.screen());
    }
}
