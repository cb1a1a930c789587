package org.thplab.launcher.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.ScriptRunner;

/**
 * Runs one script as {@code thplab run --check} would, through the launcher's own interpreter
 * with the invariant checker after every command, keeping its output to itself.
 */
final class Trial {
    /** The name errors give a generated script; the reproducer is run under its own. */
    static final String NAME = "fuzz.wl";

    private final Plugins plugins;
    private long commands;

    Trial(Plugins plugins) {
        this.plugins = plugins;
    }

    /** How {@code lines}, named {@code name} in errors, end. */
    Outcome run(String name, List<String> lines) {
        commands += lines.size();
        StringWriter err = new StringWriter();
        int status;
        try {
            status = ScriptRunner.runChecked(name, lines, plugins, new PrintWriter(new StringWriter()),
                    new PrintWriter(err));
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            // thplab run would print its stack trace: a bug, whatever threw
            return new Outcome(Outcome.CRASHED, e.toString());
        }
        if (status == 0) {
            return Outcome.PASSED;
        }
        String first = err.toString().lines().filter(l -> !l.startsWith("check: ")).findFirst().orElse("");
        return new Outcome(status, first);
    }

    /** Script lines run so far, shrinking included. */
    long commands() {
        return commands;
    }
}
