package org.thplab.launcher.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes everything written on to {@code target} and keeps the complete lines, so that a
 * step's output can be recorded beside it while the terminal still sees it as it comes.
 */
final class LineTap extends Writer {
    private final Writer target;
    private final StringBuilder pending = new StringBuilder();
    private final List<String> lines = new ArrayList<>();

    LineTap(Writer target) {
        this.target = target;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        target.write(buf, off, len);
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                lines.add(pending.toString());
                pending.setLength(0);
            } else if (c != '\r') {
                pending.append(c);
            }
        }
    }

    /** The lines completed since the last call. */
    List<String> take() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
