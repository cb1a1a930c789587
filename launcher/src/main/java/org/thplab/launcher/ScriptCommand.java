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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code run}, {@code check} and {@code report} share: a workload script (a file, or
 * standard input as {@code -}) and the plugins it runs on, chosen by a profile and loaded under
 * the chosen runtime.
 */
abstract class ScriptCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The workload script (.wl), or - for standard input.")
    Path script;

    @Option(names = "--arch", defaultValue = "x86_64",
            description = "The architecture: x86_64, ppc64 or ppc64-radix (default: ${DEFAULT-VALUE}).")
    String arch;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The plugins to run on, as the profile NAME chooses them from the bundled ones"
                    + " (default: seed; 'thplab modules' lists the profiles).")
    String profile;

    @Spec
    CommandSpec spec;

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
        if (!runtime.equals("jpms") && !runtime.equals("osgi")) {
            throw new IllegalArgumentException("--runtime " + runtime + ": expected jpms or osgi");
        }
        boolean stdin = script.toString().equals("-");
        if (!stdin && !Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script at " + script);
        }
        validate();
        PluginSelection selection = plugins.select(plugins.profile(profile), arch);
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
        try (LoadedPlugins loaded = LoadedPlugins.load(selection, arch, runtime, osgiDir())) {
            return execute(name, lines, loaded.plugins(), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
