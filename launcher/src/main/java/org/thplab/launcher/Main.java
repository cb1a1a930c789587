package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code thplab}: the command line. */
@Command(name = "thplab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An executable model of the Linux huge-page memory manager.")
public final class Main implements Runnable {

    /** Exit status for bad input: unknown options, missing or broken plugin paths. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand, shared by {@link #main} and tests. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}. picocli builds each command's model from its
     * annotations by reflection, which is most of its start-up cost, so when the first
     * argument names a subcommand only that one is built; picocli still parses everything,
     * and anything else (options, help, a misspelt command) gets all of them.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean all = !List.of("run", "check", "report", "modules").contains(first);
        if (all || first.equals("run")) {
            cl.addSubcommand(new RunCommand());
        }
        if (all || first.equals("check")) {
            cl.addSubcommand(new RunCommand.Check());
        }
        if (all || first.equals("report")) {
            cl.addSubcommand(new ReportCommand());
        }
        if (all || first.equals("modules")) {
            cl.addSubcommand(new ModulesCommand());
        }
        if (all) {
            cl.addSubcommand(new CommandLine.HelpCommand());
        }
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
