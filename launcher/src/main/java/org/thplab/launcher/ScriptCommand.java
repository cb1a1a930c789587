package org.thplab.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architectures;
import org.thplab.api.fs.FilesystemType;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.launcher.script.ScriptSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.pathOption;
import static org.thplab.launcher.CommandSpecs.value;

/**
 * What {@code run}, {@code check} and {@code report} share: a workload script (a file, or
 * standard input as {@code -}) and the plugins it runs on, loaded under the chosen runtime.
 */
abstract class ScriptCommand implements Callable<Integer> {

    /** The command's picocli model; its option values are read from it after parsing. */
    final CommandSpec spec;

    /** A command {@code name} with the options every script command takes. */
    ScriptCommand(String name, String description, String... footer) {
        spec = CommandSpecs.command(name, this, description, footer);
        spec.addPositional(PositionalParamSpec.builder().type(Path.class).converters(CommandSpecs.PATH)
                .paramLabel("SCRIPT").required(true)
                .description("The workload script (.wl), or - for standard input.").build());
        spec.addOption(option("--arch", String.class, "<arch>").defaultValue("x86_64")
                .description("The architecture: x86_64, ppc64 or ppc64-radix (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(pathOption("PATH", true, "--plugin")
                .description("A plugin jar or folder of jars, in addition to the bundled plugins (repeatable).").build());
        spec.addOption(pathOption("DIR", false, "--plugins-dir").defaultValue("${sys:thplab.plugins}")
                .description("The bundled plugins (default: set by ./thplab).").build());
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
        List<Path> paths = CommandSpecs.pluginPaths(spec);
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
        try {
            if (runtime.equals("osgi")) {
                OsgiLogging.quiet();
                try (OsgiRuntime osgi = OsgiRuntime.start(osgiDir(), ArchitectureJars.select(paths, arch))) {
                    return execute(name, lines, new Plugins(osgi.architecture(arch), osgi.filesystems(),
                            Plugins.oneAnonymous(osgi.anonymousMemory())), out, err);
                }
            }
            ModuleLayer layer = PluginLayer.build(ArchitectureJars.select(paths, arch));
            return execute(name, lines, new Plugins(Architectures.select(layer, arch), filesystems(layer),
                    Plugins.oneAnonymous(anonymousMemory(layer))), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The filesystem types the layer provides; one that fails to load is reported, never a stack trace. */
    static List<FilesystemType> filesystems(ModuleLayer layer) {
        return load(layer, FilesystemType.class, "a filesystem plugin");
    }

    /** The anonymous-memory plugins the layer provides (fs-anon's, normally). */
    static List<AnonymousMemoryType> anonymousMemory(ModuleLayer layer) {
        return load(layer, AnonymousMemoryType.class, "an anonymous-memory plugin");
    }

    private static <T> List<T> load(ModuleLayer layer, Class<T> service, String what) {
        List<T> out = new ArrayList<>();
        var it = ServiceLoader.load(layer, service).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (java.util.ServiceConfigurationError e) {
                throw new IllegalArgumentException(what + " failed to load: " + e.getMessage(), e);
            }
        }
    }

}
