package org.thplab.launcher.script;

/**
 * When {@code --check} runs the core's invariant checker (a full recount): after every
 * {@code every}th command and after the last, so that a big run can be checked sampled; and
 * the line saying what passed, so that a clean check is not silent.
 */
final class InvariantChecks {
    private final int every;
    private int passed;

    /** Checks after every {@code every}th command (1: after each) and at the end. */
    InvariantChecks(int every) {
        this.every = every;
    }

    /** Whether to check after command {@code done} (from 1) of {@code total}. */
    boolean due(int done, int total) {
        return done % every == 0 || done == total;
    }

    /** One check passed. */
    void passed() {
        passed++;
    }

    /** {@code check: N invariant checks passed after M commands}. */
    String summary(int commands) {
        return "check: " + passed + " invariant check" + (passed == 1 ? "" : "s") + " passed after " + commands
                + " command" + (commands == 1 ? "" : "s")
                + (every == 1 ? "" : " (after every " + every + " commands and the last)");
    }
}
