package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code thplab}: the command line. */
@Command(name = "thplab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "An executable model of the Linux huge-page memory manager.",
        footer = "%nJVM options go in THPLAB_JAVA_OPTS (say THPLAB_JAVA_OPTS=-Xmx8g for a big run);"
                + " THPLAB_JAVA_HOME chooses the JDK.")
public final class Main implements Runnable {

    /** Exit status for bad input: unknown options, missing or broken plugin paths. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Heap set aside at start, freed when the heap runs out so that the report itself can be made. */
    private static byte[] reserve = new byte[1 << 20];

    /** Entry point. */
    public static void main(String[] args) {
        int status;
        try {
            status = commandLine(args).execute(args);
        } catch (OutOfMemoryError e) {
            reserve = null;
            System.out.flush();
            System.err.println(outOfHeap(Runtime.getRuntime().maxMemory()));
            status = EXIT_USAGE;
        }
        System.exit(status);
    }

    /** The one line for a run that needed more Java heap than the JVM was given. */
    static String outOfHeap(long maxHeap) {
        return String.format("thplab: out of Java heap (the JVM may use %d MiB): give it more with"
                + " THPLAB_JAVA_OPTS=-Xmx<size> (e.g. THPLAB_JAVA_OPTS=-Xmx8g ./thplab run ...), or simulate less",
                maxHeap >> 20);
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
            cl.addSubcommand(new CheckCommand());
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
