package org.thplab.launcher.fuzz;

import java.util.regex.Pattern;

/**
 * How one script ended under {@code run --check}: its exit status (or {@link #CRASHED} when the
 * run threw) and the first error it reported, and what makes two failures the same one.
 *
 * @param status the exit status: 0 passed, 1 an assertion failed, 2 a command or plugin failed,
 *        3 the invariant checker found the core's books broken, or {@link #CRASHED}
 * @param firstError the first line on standard error, or the exception, or empty when it passed
 */
record Outcome(int status, String firstError) {
    /** The run threw: {@code thplab run} would print a stack trace. */
    static final int CRASHED = -1;
    static final Outcome PASSED = new Outcome(0, "");

    private static final Pattern WHERE = Pattern.compile("^[^:]*:\\d+: ");
    private static final Pattern NUMBERS = Pattern.compile("0x[0-9a-f]+|\\d+");

    boolean failed() {
        return status != 0;
    }

    /**
     * What must stay for a smaller script to fail "the same way": the status and the first
     * error with its file, line, numbers and addresses left out (they move as lines go), and,
     * for the invariant checker, only its first difference and not the command it followed.
     */
    String signature() {
        String e = WHERE.matcher(firstError).replaceFirst("");
        e = e.replaceFirst("^after '[a-z]+': ", "").replaceFirst("^expect failed at \\d+: ", "expect failed: ");
        int semicolon = e.indexOf("; ");
        if (semicolon >= 0) {
            e = e.substring(0, semicolon);
        }
        return status + " " + NUMBERS.matcher(e).replaceAll("#");
    }
}
