package org.thplab.launcher.script;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole script read and checked: its commands, or every error as {@code FILE:LINE: message}.
 * A line reports its first error in reading order; names a malformed line read before its
 * bad word are checked too.
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
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] words = Lexer.words(lines.get(i));
            if (words.length == 0) {
                continue;
            }
            try {
                Command command = read(parser, checker, i + 1, words);
                checker.check(command);
                commands.add(command);
            } catch (ScriptException e) {
                errors.add(fileName + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Script(List.copyOf(commands), List.copyOf(errors));
    }

    /** The command of one line; a malformed one is reported after the names it read were checked. */
    private static Command read(Parser parser, Checker checker, int line, String[] words) {
        try {
            return parser.parse(line, words);
        } catch (ScriptException e) {
            if (e.partial() != null) {
                checker.checkNames(e.partial());
            }
            throw e;
        }
    }
}
