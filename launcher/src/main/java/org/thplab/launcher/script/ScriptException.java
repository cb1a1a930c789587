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

    ScriptException(String message) {
        this(message, null);
    }

    private ScriptException(String message, Command partial) {
        super(message);
        this.partial = partial;
    }

    /** This error, after the names of {@code command} were read. */
    ScriptException after(Command command) {
        return new ScriptException(getMessage(), command);
    }

    /** What was read before the error, or null. */
    Command partial() {
        return partial;
    }
}
