package org.thplab.launcher.script;

/**
 * How a {@code layout} line shows its characters: as the contract says, one per PMD extent
 * ({@link #FULL}, the default), or in runs for long regions ({@link #RUNS}, {@code run --layout=runs}).
 */
public enum LayoutForm {
    /** One character per PMD extent: {@code HHHHpp.}. */
    FULL,
    /**
     * Runs of one character: {@code C×N} for N of them ({@code CxN} if the locale's charset has no {@code ×}), a lone character as itself, runs
     * separated by one space: {@code H×4 p×2 .} (a 64 GiB region fits on a line).
     */
    RUNS;

    /** The sign between a character and its count: {@code ×}, or {@code x} where the output cannot show it. */
    static final char TIMES = java.nio.charset.Charset.defaultCharset().newEncoder().canEncode('\u00D7')
            ? '\u00D7' : 'x';

    /** The characters of {@code layout} in this form. */
    String show(String layout) {
        if (this == FULL) {
            return layout;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < layout.length(); ) {
            char c = layout.charAt(i);
            int end = i;
            while (end < layout.length() && layout.charAt(end) == c) {
                end++;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(c);
            if (end - i > 1) {
                out.append(TIMES).append(end - i);
            }
            i = end;
        }
        return out.toString();
    }
}
