package org.thplab.launcher.script;

/**
 * Splits a script line into words: {@code #} starts a comment that runs to the end of the
 * line, words are separated by spaces or tabs, and a line of no words is no command. Control
 * characters other than tab are refused wherever they are before a comment: they would
 * otherwise vanish from the ends of words unseen, or hide in them.
 */
final class Lexer {
    private static final String[] NONE = new String[0];

    private Lexer() {
    }

    /** The words of {@code text}; empty for a blank or comment line. @throws ScriptException at a control character */
    static String[] words(String text) {
        int hash = text.indexOf('#');
        String code = hash >= 0 ? text.substring(0, hash) : text;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) {
                throw new ScriptException(String.format("control character U+%04X at character %d: expected"
                        + " words separated by spaces or tabs", (int) c, i + 1));
            }
        }
        String[] t = code.trim().split("[ \t]+");
        return t.length == 0 || t[0].isEmpty() ? NONE : t;
    }
}
