package org.thplab.launcher.script;

/**
 * A script line that is malformed or names something that does not exist; the message says
 * what was expected. A parse that failed after reading some names carries them as a
 * {@link #partial()} command: a line reports its first error in reading order, so the names
 * before the malformed token are checked first.
 */
final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Command partial;
    private final boolean consequence;

    ScriptException(String message) {
        this(message, null, false);
    }

    private ScriptException(String message, Command partial, boolean consequence) {
        super(message);
        this.partial = partial;
        this.consequence = consequence;
    }

    /** An error that follows only from an error reported on an earlier line: counted, not reported. */
    static ScriptException consequence(String message) {
        return new ScriptException(message, null, true);
    }

    /** This error, after the names of {@code command} were read. */
    ScriptException after(Command command) {
        return new ScriptException(getMessage(), command, consequence);
    }

    /** Whether this error follows only from an earlier line's. */
    boolean isConsequence() {
        return consequence;
    }

    /** What was read before the error, or null. */
    Command partial() {
        return partial;
    }
}
