package org.thplab.launcher.script;

/**
 * Which of standard output and standard error is a terminal. Java cannot ask per stream
 * (System.console() answers for standard input and output together), so {@code ./thplab}
 * asks the shell ({@code [ -t 1 ]}, {@code [ -t 2 ]}) and passes the answer as
 * {@code -Dthplab.tty=out,err}; without it, System.console() is the best guess.
 */
public final class Terminal {
    private Terminal() {
        // static queries only
    }

    /** Whether standard output is a terminal (colour {@code layout} lines). */
    public static boolean stdout() {
        return says("out");
    }

    /** Whether standard error is a terminal (draw progress there). */
    public static boolean stderr() {
        return says("err");
    }

    private static boolean says(String stream) {
        String tty = System.getProperty("thplab.tty");
        if (tty == null) {
            return System.console() != null;
        }
        for (String s : tty.split(",")) {
            if (s.equals(stream)) {
                return true;
            }
        }
        return false;
    }
}
