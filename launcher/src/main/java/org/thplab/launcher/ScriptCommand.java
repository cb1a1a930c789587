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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code run}, {@code check} and {@code report} share: a workload script (a file, or
 * standard input as {@code -}) and the plugins it runs on, loaded under the chosen runtime.
 */
abstract class ScriptCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The workload script (.wl), or - for standard input.")
    Path script;

    @Option(names = "--arch", defaultValue = "x86_64",
            description = "The architecture: x86_64, ppc64 or ppc64-radix (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--plugin", paramLabel = "PATH",
            description = "A plugin jar or folder of jars, in addition to the bundled plugins (repeatable).")
    List<Path> extra = new ArrayList<>();

    @Option(names = "--plugins-dir", paramLabel = "DIR", defaultValue = "${sys:thplab.plugins}",
            description = "The bundled plugins (default: set by ./thplab).")
    Path bundled;


    @picocli.CommandLine.Mixin
    ContainmentOptions containment = new ContainmentOptions();

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
        List<Path> paths = PluginPaths.of(bundled, extra);
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
        try {
            if (runtime.equals("osgi")) {
                OsgiLogging.quiet();
                try (OsgiRuntime osgi = OsgiRuntime.start(osgiDir(), ArchitectureJars.select(paths, arch),
                        containment.allowUnsupported)) {
                    return execute(name, lines, new Plugins(osgi.architecture(arch), osgi.filesystems(),
                            Plugins.oneAnonymous(osgi.anonymousMemory())), out, err);
                }
            }
            ModuleLayer layer = PluginLayer.build(ArchitectureJars.select(paths, arch));
            UnsupportedModules.refuse(layer, containment.allowUnsupported);
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
