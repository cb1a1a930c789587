package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thplab}: the command line. */
public final class Main implements Runnable {

    /** Exit status for bad input: unknown options, missing or broken plugin paths. */
    static final int EXIT_USAGE = 2;

    private final CommandSpec spec = CommandSpecs.command("thplab", this,
            "An executable model of the Linux huge-page memory manager.",
            "%nJVM options go in THPLAB_JAVA_OPTS (say THPLAB_JAVA_OPTS=-Xmx8g for a big run);"
                    + " THPLAB_JAVA_HOME chooses the JDK.").versionProvider(new Version());

    /** Heap set aside at start, freed when the heap runs out so that the report itself can be made. */
    private static byte[] reserve = new byte[1 << 20];

    /**
     * Entry point. A run that succeeds ends by returning, not by {@link System#exit}, which
     * would first start {@code java.util.logging} (about 10 ms) only to ask whether the exit
     * should be logged. The JVM still runs its shutdown hooks (a flight recording is written)
     * and waits for no thread: nothing thplab starts outlives its command. Running out of
     * Java heap is one line, exit 2.
     */
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
        if (status != 0) {
            System.exit(status);
        }
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
     * The command line for {@code args}. When the first argument names a subcommand only that
     * one is built (each costs its model, its help texts and its classes); picocli still
     * parses everything, and anything else (options, help, a misspelt command) gets all of them.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main().spec);
        String first = args.length > 0 ? args[0] : "";
        boolean all = !List.of("run", "check", "report", "modules", "compare", "fuzz").contains(first);
        if (all || first.equals("run")) {
            cl.addSubcommand(new RunCommand().spec);
        }
        if (all || first.equals("check")) {
            cl.addSubcommand(new CheckCommand().spec);
        }
        if (all || first.equals("report")) {
            cl.addSubcommand(new ReportCommand().spec);
        }
        if (all || first.equals("modules")) {
            cl.addSubcommand(new ModulesCommand().spec);
        }
        if (all || first.equals("compare")) {
            cl.addSubcommand(new CompareCommand().spec);
        }
        if (all || first.equals("fuzz")) {
            cl.addSubcommand(new FuzzCommand().spec);
        }
        if (all) {
            // picocli's own, read from its annotations: only help pays for that
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
