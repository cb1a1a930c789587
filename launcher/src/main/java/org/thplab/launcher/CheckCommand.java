package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.List;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.ScriptRunner;

/** {@code thplab check}: the checks {@code run} makes first, and nothing runs; no plugin code is called. */
final class CheckCommand extends ScriptCommand {

    CheckCommand() {
        super("check", "Check a workload script and report every error as FILE:LINE: message; nothing runs"
                + " (language: docs/workload-language.md).",
                "", "Exit status: 0 the script is good; 2 it is not (every error as FILE:LINE: message on"
                + " standard error).");
    }

    @Override
    int execute(String name, List<String> lines, Plugins plugins, PrintWriter out, PrintWriter err) {
        return ScriptRunner.check(name, lines, plugins, err);
    }
}
