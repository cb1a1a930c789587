package org.thplab.launcher.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole script read and checked: its commands, or every error as {@code FILE:LINE: message}.
 * A line reports its first error in reading order; names a malformed line read before its
 * bad word are checked too. An error that follows only from an earlier line's (a file on a
 * mount whose line failed) is not reported again.
 *
 * @param commands the commands, valid if there are no errors
 * @param errors every error, in line order
 */
record Script(List<Command> commands, List<String> errors) {

    /** Reads and checks {@code lines} of the script {@code fileName}; runs no plugin code. */
    static Script read(String fileName, List<String> lines, Plugins plugins) {
        Parser parser = new Parser(new Sizes(plugins.arch().geometry()));
        Checker checker = new Checker(plugins.arch().geometry(), new PluginDeclarations(plugins));
        List<Command> commands = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        List<String> consequences = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Command command = null;
            try {
                String[] words = Lexer.words(lines.get(i));
                if (words.length == 0) {
                    continue;
                }
                try {
                    command = parser.parse(i + 1, words);
                } catch (ScriptException e) {
                    command = e.partial();
                    if (command != null) {
                        checker.checkNames(command);
                    }
                    throw e;
                }
                checker.check(command);
                commands.add(command);
            } catch (ScriptException e) {
                if (command != null) {
                    checker.failed(command);
                }
                (e.isConsequence() ? consequences : reported).add(fileName + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Script(List.copyOf(commands), List.copyOf(reported.isEmpty() ? consequences : reported));
    }
}
