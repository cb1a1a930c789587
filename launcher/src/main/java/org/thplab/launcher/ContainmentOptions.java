package org.thplab.launcher;

import java.io.PrintWriter;
import org.thplab.launcher.script.PluginHangs;
import picocli.CommandLine.Option;

/**
 * The options that bound what plugins may do to a run: how long one call into a plugin may
 * take, and whether plugins may use {@code jdk.unsupported}. A picocli mixin of the commands
 * that load plugins.
 */
final class ContainmentOptions {
    /** The system property that sets the default time limit, in seconds. */
    static final String TIMEOUT_PROPERTY = "thplab.pluginTimeout";
    /** The default time limit of a plugin call, in seconds. */
    static final double DEFAULT_TIMEOUT_SECONDS = 5;

    @Option(names = "--plugin-timeout", paramLabel = "SECONDS",
            description = "How long one call into a plugin (a fault, a truncate, a mount...) may take before the run"
                    + " is stopped, naming the plugin, with exit status 2; 0 waits forever (default: the system"
                    + " property " + TIMEOUT_PROPERTY + ", else 5).")
    Double timeoutSeconds;

    @Option(names = "--allow-unsupported", description = "Load plugins that use jdk.unsupported (sun.misc.Unsafe),"
            + " which are refused otherwise: Unsafe can rewrite the model's memory behind every check.")
    boolean allowUnsupported;

    /** Arms the watchdog for this run: a hang is reported on {@code err} as the script's current line, exit 2. */
    void arm(PrintWriter err) {
        double seconds = timeoutSeconds != null ? timeoutSeconds
                : Double.parseDouble(System.getProperty(TIMEOUT_PROPERTY, String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("--plugin-timeout " + seconds + ": expected seconds, 0 or more");
        }
        PluginHangs.arm((long) (seconds * 1000), err);
    }
}
