/**
 * The workload script language: a {@link org.thplab.launcher.script.Lexer} splits lines into
 * words, the {@link org.thplab.launcher.script.Parser} reads them into
 * {@link org.thplab.launcher.script.Command} records, the
 * {@link org.thplab.launcher.script.Checker} checks the whole script against what earlier lines
 * made and what the plugins declare (running no plugin code), and the
 * {@link org.thplab.launcher.script.Interpreter} runs the records against the memory manager's
 * facade, printing /proc lines through {@link org.thplab.launcher.script.ProcFormat}.
 * {@link org.thplab.launcher.script.ScriptRunner} ties them together with the exit statuses and
 * what {@code run}'s options add around the commands ({@link org.thplab.launcher.script.RunOptions}):
 * progress on a terminal, {@code --trace}, {@code --layout=runs} and sampled {@code --check}.
 */
package org.thplab.launcher.script;
