package org.thplab.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.launcher.script.ScriptSource;
import picocli.CommandLine.Model.CommandSpec;

import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.value;

/**
 * What {@code run}, {@code check} and {@code report} share: a workload script (a file, or
 * standard input as {@code -}) and the plugins it runs on, chosen by a profile and loaded under
 * the chosen runtime.
 */
abstract class ScriptCommand implements Callable<Integer> {

    /** The command's picocli model; its option values are read from it after parsing. */
    final CommandSpec spec;

    /** Where the plugins come from. */
    final PluginOptions plugins;

    /** What the plugins may do: the watchdog's time limit, jdk.unsupported. */
    final ContainmentOptions containment;

    /** A command {@code name} with the options every script command takes. */
    ScriptCommand(String name, String description, String... footer) {
        spec = CommandSpecs.command(name, this, description, footer);
        spec.addPositional(CommandSpecs.script());
        spec.addOption(CommandSpecs.arch());
        plugins = new PluginOptions(spec);
        spec.addOption(option("--profile", String.class, "NAME")
                .description("The plugins to run on, as the profile NAME chooses them from the bundled ones"
                        + " (default: seed; 'thplab modules' lists the profiles).").build());
        containment = new ContainmentOptions(spec);
    }

    /** The script's path as given ({@code -} for standard input). */
    final Path script() {
        return spec.positionalParameters().get(0).getValue();
    }

    /**
     * How plugins are loaded: {@code jpms} by default. {@code run} and {@code report} let the
     * user choose; {@code check} reads only the plugins' declarations, the same in either.
     */
    String runtime() {
        return "jpms";
    }

    /** The OSGi service-loader mediator bundles, for the {@code osgi} runtime. */
    Path osgiDir() {
        return null;
    }

    /** Refuses option values a subcommand knows are bad before anything is loaded; nothing by default. */
    void validate() {
    }

    /** Does the subcommand's work on the script's {@code lines} with the loaded {@code plugins}; the exit status. */
    abstract int execute(String name, List<String> lines, Plugins plugins, PrintWriter out, PrintWriter err)
            throws IOException;

    @Override
    public Integer call() throws IOException {
        String runtime = runtime();
        Path script = script();
        String arch = value(spec, "--arch");
        if (!runtime.equals("jpms") && !runtime.equals("osgi")) {
            throw new IllegalArgumentException("--runtime " + runtime + ": expected jpms or osgi");
        }
        boolean stdin = script.toString().equals("-");
        if (!stdin && !Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script at " + script);
        }
        validate();
        PluginSelection selection = plugins.select(plugins.profile(value(spec, "--profile")), arch);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> lines;
        try {
            lines = stdin ? ScriptSource.read(System.in, "-") : ScriptSource.read(script);
        } catch (ScriptSource.Unreadable e) {
            err.println(e.getMessage());
            err.flush();
            return ScriptRunner.BAD_SCRIPT;
        }
        String name = script.toString();
        containment.arm(err);
        try (LoadedPlugins loaded = LoadedPlugins.load(selection, arch, runtime, osgiDir(),
                containment.allowUnsupported())) {
            return execute(name, lines, loaded.plugins(), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
