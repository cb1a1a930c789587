package org.thplab.launcher;

import java.io.PrintWriter;
import org.thplab.launcher.script.PluginHangs;
import picocli.CommandLine.Model.CommandSpec;

import static org.thplab.launcher.CommandSpecs.flag;
import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.value;

/**
 * The options that bound what plugins may do to a run: how long one call into a plugin may
 * take, and whether plugins may use {@code jdk.unsupported}. Declared in code on the
 * commands that run plugins ({@link CommandSpecs}: annotations are not read).
 */
final class ContainmentOptions {
    /** The system property that sets the default time limit, in seconds. */
    static final String TIMEOUT_PROPERTY = "thplab.pluginTimeout";
    /** The default time limit of a plugin call, in seconds. */
    static final double DEFAULT_TIMEOUT_SECONDS = 5;

    private final CommandSpec spec;

    /** Adds the options to {@code spec}, whose parsed values this reads. */
    ContainmentOptions(CommandSpec spec) {
        this.spec = spec;
        spec.addOption(option("--plugin-timeout", Double.class, "SECONDS")
                .description("How long one call into a plugin (a fault, a truncate, a mount...) may take before the run"
                        + " is stopped, naming the plugin, with exit status 2; 0 waits forever (default: the system"
                        + " property " + TIMEOUT_PROPERTY + ", else 5).").build());
        spec.addOption(flag("--allow-unsupported").description("Load plugins that use jdk.unsupported"
                + " (sun.misc.Unsafe), which are refused otherwise: Unsafe can rewrite the model's memory behind every"
                + " check.").build());
    }

    /** Whether {@code --allow-unsupported} was given. */
    boolean allowUnsupported() {
        Boolean allowed = value(spec, "--allow-unsupported");
        return allowed != null && allowed;
    }

    /** Arms the watchdog for this run: a hang is reported on {@code err} as the script's current line, exit 2. */
    void arm(PrintWriter err) {
        Double given = value(spec, "--plugin-timeout");
        double seconds = given != null ? given
                : Double.parseDouble(System.getProperty(TIMEOUT_PROPERTY, String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("--plugin-timeout " + seconds + ": expected seconds, 0 or more");
        }
        PluginHangs.arm((long) (seconds * 1000), err);
    }
}
