package org.thplab.launcher.script;

/**
 * A word of the script as an error message shows it: characters that would not print as
 * themselves (format, control, separators, unpaired surrogates) as {@code \}{@code uXXXX}, and
 * a long word cut short with its length, so that a message stays one readable line whatever
 * the script holds.
 */
final class Quote {
    /** Longer words are cut to {@link #KEEP} characters. */
    static final int LIMIT = 40;
    static final int KEEP = 32;

    private Quote() {
    }

    static String of(String word) {
        if (word.length() <= LIMIT && word.chars().allMatch(Quote::prints)) {
            return word;
        }
        StringBuilder out = new StringBuilder();
        int end = word.length() <= LIMIT ? word.length() : KEEP;
        for (int i = 0; i < end; i++) {
            char c = word.charAt(i);
            if (prints(c)) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        if (end < word.length()) {
            out.append("...(").append(word.length()).append(" characters)");
        }
        return out.toString();
    }

    private static boolean prints(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            case Character.SPACE_SEPARATOR -> c == ' ';
            default -> true;
        };
    }
}
