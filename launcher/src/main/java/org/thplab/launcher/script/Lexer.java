package org.thplab.launcher.script;

/**
 * Splits a script line into words: {@code #} starts a comment that runs to the end of the
 * line, words are separated by spaces or tabs, and a line of no words is no command.
 */
final class Lexer {
    private static final String[] NONE = new String[0];

    private Lexer() {
    }

    /** The words of {@code text}; empty for a blank or comment line. */
    static String[] words(String text) {
        int hash = text.indexOf('#');
        String[] t = (hash >= 0 ? text.substring(0, hash) : text).trim().split("[ \t]+");
        return t.length == 0 || t[0].isEmpty() ? NONE : t;
    }
}
