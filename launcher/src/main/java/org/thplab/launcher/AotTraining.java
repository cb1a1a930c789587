package org.thplab.launcher;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The training runs from which the build makes the JDK's AOT caches (tools/aot-cache): one
 * JVM runs what a user's first commands would, so that their classes and method profiles are
 * in the cache. One cache per runtime: a cache's classes are all loaded at start-up, and
 * Felix's would cost a plain JPMS run about 35 ms. The first script (the tour) is run on
 * every architecture and by every command; the others (the performance scripts) once each,
 * so that the fault paths' profiles are in the cache and the JIT compiles them from the start.
 * Nothing is printed; a command that fails is a broken build, reported by the exit status.
 */
final class AotTraining {

    private AotTraining() {
        // entry point only
    }

    /** {@code args}: the runtime ({@code jpms} or {@code osgi}), the tour, then any other workload scripts. */
    public static void main(String[] args) {
        String runtime = args[0];
        String script = args[1];
        List<String[]> commands = new ArrayList<>(runtime.equals("osgi")
                ? List.of(new String[] {"run", "--runtime", "osgi", script},
                        new String[] {"run", "--runtime", "osgi", "--arch", "ppc64", script})
                : List.of(new String[] {"run", script},
                        new String[] {"run", "--arch", "ppc64", script},
                        new String[] {"check", script},
                        new String[] {"modules"},
                        new String[] {"--help"},
                        new String[] {"run", "--help"}));
        for (String other : List.of(args).subList(2, args.length)) {
            commands.add(new String[] {"run", "--runtime", runtime, other});
        }
        for (String[] command : commands) {
            var cl = Main.commandLine(command);
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
