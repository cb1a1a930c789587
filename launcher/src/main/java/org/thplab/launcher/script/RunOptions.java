package org.thplab.launcher.script;

/**
 * How {@code thplab run} runs a script, as its options say.
 *
 * @param checkInvariants {@code --check}: the core's invariant checker after commands
 * @param trace {@code --trace}: each command echoed on standard error with what it changed ({@link Trace})
 * @param layout {@code --layout}: how {@code layout} lines show a region
 */
public record RunOptions(boolean checkInvariants, boolean trace, LayoutForm layout) {
    /** No option given. */
    public static final RunOptions DEFAULT = new RunOptions(false, false, LayoutForm.FULL);
}
