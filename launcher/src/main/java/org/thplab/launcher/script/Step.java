package org.thplab.launcher.script;

/** One command of a checked script, ready to run. */
record Step(int line, String word, Action action) {

    /** What the command does. */
    @FunctionalInterface
    interface Action {
        void run(ScriptRuntime rt);
    }
}
