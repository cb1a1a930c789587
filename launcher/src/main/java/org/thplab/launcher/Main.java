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
        boolean all = !List.of("run", "check", "report", "modules", "compare", "fuzz").contains(first);
        if (all || first.equals("run")) {
            cl.addSubcommand(new RunCommand());
        }
        if (all || first.equals("check")) {
            cl.addSubcommand(new CheckCommand());
        }
        if (all || first.equals("report")) {
            cl.addSubcommand(new ReportCommand());
        }
        if (all || first.equals("modules")) {
            cl.addSubcommand(new ModulesCommand());
        }
        if (all || first.equals("compare")) {
            cl.addSubcommand(new CompareCommand());
        }
        if (all || first.equals("fuzz")) {
            cl.addSubcommand(new FuzzCommand());
        }
        if (all) {
            cl.addSubcommand(new CommandLine.HelpCommand());
        }
        cl.setExecutionExceptionHandler(Main::reportFailure);
        cl.setParameterExceptionHandler(Main::reportBadArguments);
        return cl;
    }

    /** {@code thplab} alone is a command line missing its command: the usage, on standard error, exit 2. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        throw new MissingCommand();
    }

    /** Thrown by {@link #run} so that {@link #reportFailure} exits with {@link #EXIT_USAGE} after the usage. */
    private static final class MissingCommand extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingCommand() {
            super(null, null, false, false);
        }
    }

    /**
     * A command line picocli cannot parse: one line saying what is wrong and one pointing to the
     * help of the command it was meant for, not the whole usage (exit 2).
     */
    private static int reportBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("thplab: " + e.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    /** Bad input is reported in one line and exits 2; anything else is a bug and keeps its stack trace. */
    private static int reportFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof MissingCommand) {
            return EXIT_USAGE;
        }
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
