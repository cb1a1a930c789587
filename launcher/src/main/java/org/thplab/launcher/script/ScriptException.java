package org.thplab.launcher.script;

/** A script line that is malformed or names something that does not exist; the message says what was expected. */
final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
        super(message);
    }
}
