package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.thplab.launcher.script.TaggedRun;

/**
 * One script's runs under several profiles, their output lines matched on (script line, place
 * among that line's output), printed side by side where they differ: the script line's number
 * and text, then each profile's version. Output only some profiles printed is shown against
 * {@code -}. When every version has the same words and keys (a smaps line whose counters
 * differ, a layout line whose extents do), only the words that differ are shown.
 */
final class Comparison {
    private static final String ABSENT = "-";
    private static final String GAP = "  ";

    private final List<String> profiles;
    private final List<Integer> statuses;
    /** Each matched output line: its versions, null where a profile printed none. */
    private final Map<TaggedRunKey, String[]> lines = new TreeMap<>();

    private record TaggedRunKey(int line, int index) implements Comparable<TaggedRunKey> {
        @Override
        public int compareTo(TaggedRunKey o) {
            return line != o.line ? Integer.compare(line, o.line) : Integer.compare(index, o.index);
        }
    }

    Comparison(List<String> profiles, List<TaggedRun> runs) {
        this.profiles = List.copyOf(profiles);
        this.statuses = runs.stream().map(TaggedRun::status).toList();
        for (int p = 0; p < runs.size(); p++) {
            for (TaggedRun.Line l : runs.get(p).out()) {
                lines.computeIfAbsent(new TaggedRunKey(l.line(), l.index()), k -> new String[runs.size()])[p] = l.text();
            }
        }
    }

    /** How many matched output lines are not the same under every profile. */
    int differing() {
        return (int) lines.values().stream().filter(Comparison::differs).count();
    }

    /** All output lines and exit statuses are the same. */
    boolean same() {
        return differing() == 0 && statuses.stream().distinct().count() == 1;
    }

    /** The table of differing lines (nothing if none) and the summary line. */
    void print(PrintWriter out, List<String> script) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("LINE", "SCRIPT"));
        header.addAll(profiles);
        rows.add(header.toArray(String[]::new));
        lines.forEach((key, versions) -> {
            if (differs(versions)) {
                List<String> row = new ArrayList<>(List.of(String.valueOf(key.line()),
                        key.line() <= script.size() ? script.get(key.line() - 1).strip() : ""));
                row.addAll(shown(versions));
                rows.add(row.toArray(String[]::new));
            }
        });
        if (rows.size() > 1) {
            int[] widths = new int[header.size()];
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            for (String[] row : rows) {
                out.println(format(row, widths));
            }
        }
        int differing = differing();
        out.println((differing == 0 ? "all " + lines.size() + " output lines are the same"
                : differing + " of " + lines.size() + " output lines differ") + " (exit status " + statuses() + ")");
    }

    /** A row: the line number right-aligned, the other columns left-aligned, no trailing blanks. */
    private static String format(String[] row, int[] widths) {
        StringBuilder b = new StringBuilder();
        b.append(" ".repeat(widths[0] - row[0].length())).append(row[0]);
        for (int c = 1; c < row.length; c++) {
            b.append(GAP).append(row[c]);
            if (c < row.length - 1) {
                b.append(" ".repeat(widths[c] - row[c].length()));
            }
        }
        return b.toString().stripTrailing();
    }

    private String statuses() {
        List<String> s = statuses.stream().map(String::valueOf).toList();
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    private static boolean differs(String[] versions) {
        return Arrays.stream(versions).distinct().count() > 1;
    }

    /**
     * What each profile's cell shows: only the words that differ when every version has the
     * same number of words, the same first word, and at each place either the same word, or
     * {@code KEY=VALUE} words of the same key, or words without {@code =}; else whole lines.
     */
    static List<String> shown(String[] versions) {
        List<String> whole = Arrays.stream(versions).map(v -> v == null ? ABSENT : v).toList();
        if (Arrays.stream(versions).anyMatch(Objects::isNull)) {
            return whole;
        }
        String[][] words = Arrays.stream(versions).map(v -> v.split(" ", -1)).toArray(String[][]::new);
        int n = words[0].length;
        for (String[] w : words) {
            if (w.length != n || !w[0].equals(words[0][0])) {
                return whole;
            }
        }
        List<Integer> places = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            final int at = i;
            if (Arrays.stream(words).map(w -> w[at]).distinct().count() == 1) {
                continue;
            }
            String key = key(words[0][at]);
            if (!Arrays.stream(words).allMatch(w -> Objects.equals(key(w[at]), key))) {
                return whole;
            }
            places.add(at);
        }
        List<String> out = new ArrayList<>();
        for (String[] w : words) {
            out.add(String.join(" ", places.stream().map(i -> w[i]).toList()));
        }
        return out;
    }

    /** A word's key ({@code AnonHugePages} of {@code AnonHugePages=4096}), or null for a word without one. */
    private static String key(String word) {
        int eq = word.indexOf('=');
        return eq < 0 ? null : word.substring(0, eq);
    }
}
