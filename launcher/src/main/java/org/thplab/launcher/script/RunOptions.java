package org.thplab.launcher.script;

/**
 * How {@code thplab run} runs a script, as its options say.
 *
 * @param checkInvariants {@code --check}: the core's invariant checker after commands
 * @param checkEvery {@code --check-every}: check after every this many commands (and the last), from 1
 * @param trace {@code --trace}: each command echoed on standard error with what it changed ({@link Trace})
 * @param layout {@code --layout}: how {@code layout} lines show a region
 */
public record RunOptions(boolean checkInvariants, int checkEvery, boolean trace, LayoutForm layout) {
    /** No option given. */
    public static final RunOptions DEFAULT = new RunOptions(false, 1, false, LayoutForm.FULL);

    /** Refuses a {@code checkEvery} below 1, naming the option. */
    public RunOptions {
        if (checkEvery < 1) {
            throw new IllegalArgumentException("--check-every " + checkEvery + ": expected a whole number of at least 1");
        }
    }
}
