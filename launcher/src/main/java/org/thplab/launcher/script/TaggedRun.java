package org.thplab.launcher.script;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.thplab.mm.Kernel;

/**
 * A run whose standard output is kept line by line, each line tagged with the script line
 * whose command printed it, for comparing runs ({@code thplab compare}). It prints nothing
 * itself and shows no progress; {@code run}'s own output is untouched by it.
 *
 * @param out    the output lines in order
 * @param err    what the run wrote on standard error
 * @param status the run's exit status ({@link ScriptRunner})
 */
public record TaggedRun(List<Line> out, String err, int status) {

    /**
     * One output line.
     *
     * @param line  the script line whose command printed it
     * @param index its place among that command's lines, from 0
     * @param text  the line without its end
     */
    public record Line(int line, int index, String text) {
    }

    public TaggedRun {
        out = List.copyOf(out);
    }

    /** Checks {@code lines} only; the errors, one a line, empty when the script is good. */
    public static String check(String fileName, List<String> lines, Plugins plugins) {
        StringWriter err = new StringWriter();
        PrintWriter w = new PrintWriter(err);
        ScriptRunner.check(fileName, lines, plugins, w);
        w.flush();
        return err.toString();
    }

    /** Checks and runs {@code lines} with {@code plugins} and the default options. */
    public static TaggedRun run(String fileName, List<String> lines, Plugins plugins) {
        Tagger out = new Tagger();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err);
        int status = ScriptRunner.run(fileName, lines, plugins, new PrintWriter(out), errWriter, RunOptions.DEFAULT,
                out, steps -> Progress.none());
        errWriter.flush();
        out.finish();
        return new TaggedRun(out.lines, err.toString(), status);
    }

    /** Keeps complete lines, tagged with the line of the step running when each was written. */
    private static final class Tagger extends Writer implements StepObserver {
        private final List<Line> lines = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();
        private int line;
        private int index;

        @Override
        public void beforeStep(int scriptLine) {
            line = scriptLine;
            index = 0;
        }

        @Override
        public void afterStep(int scriptLine, Kernel kernel, List<Region> regions) {
            // the lines are tagged as they come
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = buf[i];
                if (c == '\n') {
                    lines.add(new Line(line, index++, pending.toString()));
                    pending.setLength(0);
                } else if (c != '\r') {
                    pending.append(c);
                }
            }
        }

        /** A last line without its end still counts. */
        void finish() {
            if (pending.length() > 0) {
                lines.add(new Line(line, index++, pending.toString()));
                pending.setLength(0);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
