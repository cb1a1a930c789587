package org.thplab.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code thplab}: the command line. */
@Command(name = "thplab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An executable model of the Linux huge-page memory manager.",
        subcommands = {RunCommand.class, RunCommand.Check.class, ReportCommand.class, ModulesCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit status for bad input: unknown options, missing or broken plugin paths. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::reportFailure);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad input is reported in one line and exits 2; anything else is a bug and keeps its stack trace. */
    private static int reportFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            err.println("thplab: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    /** The version recorded in the module descriptor at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getModule().getDescriptor() == null ? "unknown"
                    : Main.class.getModule().getDescriptor().rawVersion().orElse("unknown");
            return new String[] {"thplab " + v + " (Java " + Runtime.version() + ")"};
        }
    }
}
