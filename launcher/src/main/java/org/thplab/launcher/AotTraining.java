package org.thplab.launcher;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * The training run from which the build makes the JDK's AOT cache (tools/aot-cache): one
 * JVM runs what a user's first commands would, so that the classes and method profiles of
 * both runtimes, the help and the plugin commands are all in the cache. Nothing is printed;
 * a command that fails is a broken build, reported by the exit status.
 */
final class AotTraining {

    private AotTraining() {
        // entry point only
    }

    /** {@code args[0]}: a workload script to run (the tour). */
    public static void main(String[] args) {
        String script = args[0];
        List<String[]> commands = List.of(
                new String[] {"run", script},
                new String[] {"run", "--runtime", "osgi", script},
                new String[] {"run", "--arch", "ppc64", script},
                new String[] {"check", script},
                new String[] {"modules"},
                new String[] {"--help"},
                new String[] {"run", "--help"});
        for (String[] command : commands) {
            var cl = Main.commandLine();
            PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
            cl.setOut(discard);
            cl.setErr(discard);
            int status = cl.execute(command);
            if (status != 0) {
                System.err.println("aot training: thplab " + String.join(" ", command) + " exited " + status);
                System.exit(1);
            }
        }
    }
}
