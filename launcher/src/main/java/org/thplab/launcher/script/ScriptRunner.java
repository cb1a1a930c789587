package org.thplab.launcher.script;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.thplab.mm.InvariantViolation;

/**
 * Checks a workload script whole, then runs it: exit status 0 when it ran and every
 * {@code expect} held, 1 when an {@code expect} failed, 2 when the script is malformed (nothing
 * runs) or a command failed at run time, 3 when {@code --check} found the core's invariants
 * broken (a bug in the simulator).
 */
public final class ScriptRunner {
    /** Exit status: the script ran and every expect held. */
    public static final int OK = 0;
    /** Exit status: an expect failed. */
    public static final int EXPECT_FAILED = 1;
    /** Exit status: the script is malformed, or a command failed. */
    public static final int BAD_SCRIPT = 2;
    /** Exit status: the invariant checker found a bug. */
    public static final int INVARIANT_VIOLATED = 3;

    private ScriptRunner() {
        // static entry points only
    }

    /** Checks {@code lines} and prints every error to {@code err}; the exit status. */
    public static int check(String fileName, List<String> lines, Plugins plugins, PrintWriter err) {
        Script script = Script.read(fileName, lines, plugins);
        script.errors().forEach(err::println);
        return script.errors().isEmpty() ? OK : BAD_SCRIPT;
    }

    /** Checks and runs {@code lines}, with progress on {@code err} if the console is a terminal; the exit status. */
    public static int run(String fileName, List<String> lines, Plugins plugins,
                          PrintWriter out, PrintWriter err, RunOptions options) {
        return run(fileName, lines, plugins, out, err, options, StepObserver.NONE);
    }

    /** {@link #run}, telling {@code observer} after each step. */
    public static int run(String fileName, List<String> lines, Plugins plugins,
                          PrintWriter out, PrintWriter err, RunOptions options, StepObserver observer) {
        return run(fileName, lines, plugins, out, err, options, observer,
                steps -> Progress.forTerminal(err, out, steps));
    }

    /**
     * {@link #run} as {@code run --check} does it, with no progress drawn whatever the console
     * is: for a caller running many scripts of its own ({@code thplab fuzz}).
     */
    public static int runChecked(String fileName, List<String> lines, Plugins plugins, PrintWriter out,
                                 PrintWriter err) {
        return run(fileName, lines, plugins, out, err, new RunOptions(true, 1, false, LayoutForm.FULL),
                StepObserver.NONE, steps -> Progress.none());
    }

    /** {@link #run} with the progress {@code progressOf} makes for a number of commands. */
    static int run(String fileName, List<String> lines, Plugins plugins, PrintWriter rawOut, PrintWriter rawErr,
                   RunOptions options, StepObserver observer, java.util.function.IntFunction<Progress> progressOf) {
        boolean checkInvariants = options.checkInvariants();
        Script script = Script.read(fileName, lines, plugins);
        if (!script.errors().isEmpty()) {
            script.errors().forEach(rawErr::println);
            return BAD_SCRIPT;
        }
        Progress progress = progressOf.apply(script.commands().size());
        PrintWriter out = new PrintWriter(progress.erasing(rawOut));
        PrintWriter err = new PrintWriter(progress.erasing(rawErr), true);
        ScriptRuntime rt = new ScriptRuntime(plugins, fileName, out, err, checkInvariants, progress);
        rt.layoutForm = options.layout();
        Interpreter interpreter = new Interpreter(rt);
        Trace trace = options.trace() ? new Trace(rt, lines, err) : null;
        if (trace != null) {
            rt.onBoot(trace::before);
        }
        InvariantChecks checks = checkInvariants ? new InvariantChecks(options.checkEvery()) : null;
        List<Command> commands = script.commands();
        try {
            for (int i = 0; i < commands.size(); i++) {
                Command command = commands.get(i);
                progress.at(command.line(), command.word());
                if (observer != StepObserver.NONE) {
                    observer.beforeStep(command.line());
                }
                if (trace != null) {
                    trace.before();
                }
                Integer stop = step(fileName, command, interpreter, rt);
                if (trace != null) {
                    trace.after(command);
                }
                if (stop == null && checks != null && checks.due(i + 1, commands.size())) {
                    stop = check(fileName, command, rt, checks);
                }
                if (stop != null) {
                    return stop;
                }
                if (observer != StepObserver.NONE) {
                    observer.afterStep(command.line(), rt.procs.isEmpty() ? null : rt.kernel(), regions(rt));
                }
            }
            if (!commands.isEmpty()) {
                Command last = commands.get(commands.size() - 1);
                LeakAudit.atEnd(rt, fileName + ":" + last.line() + ": ");
            }
            if (checks != null) {
                err.println(checks.summary(commands.size()));
            }
        } catch (ScriptRuntime.BootFailure e) {
            throw e.reason();
        } finally {
            progress.done();
            out.flush();
            err.flush();
        }
        return rt.runtimeErrors > 0 ? BAD_SCRIPT : rt.expectFailures > 0 ? EXPECT_FAILED : OK;
    }

    /** Runs the invariant checker after {@code command}; {@link #INVARIANT_VIOLATED} if it failed, else null. */
    private static Integer check(String fileName, Command command, ScriptRuntime rt, InvariantChecks checks) {
        try {
            rt.kernel().check();
        } catch (InvariantViolation e) {
            rt.err.println(fileName + ":" + command.line() + ": after '" + command.word() + "': " + e.getMessage());
            return INVARIANT_VIOLATED;
        }
        checks.passed();
        LeakAudit.report(rt, fileName + ":" + command.line() + ": "); // leaks the recount blamed on plugins
        return null;
    }

        /** Runs one command and reports what failed; an exit status if the run must stop, else null. */
    private static Integer step(String fileName, Command command, Interpreter interpreter, ScriptRuntime rt) {
        String at = fileName + ":" + command.line() + ": ";
        PluginHangs.at(at);
        try {
            interpreter.run(command);
            for (String error : rt.takeBootErrors()) {
                rt.err.println(error);
                rt.runtimeErrors++;
            }
            for (String failure : rt.takePluginFailures()) {
                rt.err.println(at + failure);
                rt.runtimeErrors++;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            rt.err.println(at + command.word() + " failed: " + e.getMessage());
            rt.runtimeErrors++;
        } catch (LinkageError e) {
            // A plugin packaged without a package it uses: the operation stopped half way, so stop the run.
            rt.err.println(at + command.word() + " failed: a plugin could not link: " + e
                    + " (does its manifest import, or its module require, that package?)");
            return BAD_SCRIPT;
        } catch (RuntimeException | Error e) {
            String plugin = PluginBlame.of(e, rt.plugins());
            if (plugin == null) {
                throw e; // the core's own bug: its stack trace is the report
            }
            rt.err.println(at + command.word() + " failed: " + plugin + " threw " + e
                    + "; the run stops: the command was left half done");
            return BAD_SCRIPT;
        }
        return null;
    }

    /** Every live process's regions, by process name then address, as the observer is told them. */
    private static List<StepObserver.Region> regions(ScriptRuntime rt) {
        List<StepObserver.Region> out = new ArrayList<>();
        rt.procs.forEach((p, proc) -> proc.regions.forEach((r, reg) ->
                out.add(new StepObserver.Region(p, proc.process, r, reg.start, reg.length))));
        out.sort(Comparator.comparing(StepObserver.Region::processName).thenComparingLong(StepObserver.Region::start));
        return out;
    }
}
