package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.thplab.api.arch.Architectures;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.fs.FilesystemType;
import org.thplab.launcher.script.LayoutForm;
import org.thplab.launcher.script.Plugins;
import org.thplab.launcher.script.RunOptions;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.launcher.script.ScriptSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thplab run} and {@code thplab check}: a workload script on the chosen architecture and plugins. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Check a workload script whole, then run it and print what Linux's /proc would show (language: docs/workload-language.md).",
        footer = {"", "Exit status: 0 ran and every expect held; 1 an expect failed; 2 the script or a command"
                + " was bad (FILE:LINE: message on standard error); 3 --check found the simulator's invariants broken.",
                "", LayoutColors.LEGEND})
class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The workload script (.wl).")
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

    @Option(names = "--runtime", defaultValue = "jpms",
            description = "How plugins are loaded: jpms (a module layer built at launch, the default) or osgi"
                    + " (bundles in an embedded Apache Felix).")
    String runtime;

    @Option(names = "--osgi-dir", paramLabel = "DIR", defaultValue = "${sys:thplab.osgi}",
            description = "The OSGi service-loader mediator bundles (default: set by ./thplab).")
    Path osgiDir;

    @Option(names = "--check", description = "Run the invariant checker (a full recount) after every command;"
            + " when all pass, standard error ends with 'check: N invariant checks passed after M commands'.")
    boolean check;

    /** When {@code layout} lines are coloured. */
    enum ColorWhen { never, always, auto }

    /** {@code --color SCRIPT}: a bare --color takes the next argument only if it is one of the values. */
    static final class ColorValue implements picocli.CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, picocli.CommandLine.Model.CommandSpec spec,
                                  picocli.CommandLine.Model.ArgSpec argSpec, java.util.Map<String, Object> info) {
            boolean attached = "=".equals(info.get("separator"));
            if (!attached && (args.isEmpty() || !java.util.Set.of("never", "always", "auto").contains(args.peek()))) {
                args.push("always");
            }
            return false;
        }
    }

    @Option(names = "--color", arity = "0..1", paramLabel = "WHEN", defaultValue = "auto", fallbackValue = "always",
            preprocessor = ColorValue.class,
            description = "Colour layout lines: never, always, or auto (when standard output is a terminal;"
                    + " the default). --color alone means always.")
    ColorWhen color;

    @Option(names = "--check-every", paramLabel = "N", description = "With or without --check: run the invariant"
            + " checker after every Nth command and after the last only, so that big runs stay fast.")
    Integer checkEvery;

    @Option(names = "--trace", description = {
        "Echo each command on standard error with what it changed, after it ran:",
        "  trace LINE: COMMAND -> NAME+N NAME-N ...   (or -> no change)",
        "NAME is a /proc/vmstat counter or event (pgfault, thp_fault_alloc, thp_split_pmd, nr_anon_thps...),"
                + " a /proc/meminfo field in kB (AnonHugePages+2048kB) or a hardware hook the processes' mms ran"
                + " (update_mmu_cache_pmd: PMDs mapped; flush_tlb_range...)."})
    boolean trace;

    @Option(names = "--layout", paramLabel = "FORM", defaultValue = "full",
            converter = LayoutFormConverter.class,
            description = "How layout lines show a region: full (one character per PMD extent, the default) or"
                    + " runs (runs of one character as C×N, e.g. H×512 p .×3, for long regions).")
    LayoutForm layout;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!runtime.equals("jpms") && !runtime.equals("osgi")) {
            throw new IllegalArgumentException("--runtime " + runtime + ": expected jpms or osgi");
        }
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script at " + script);
        }
        RunOptions options = new RunOptions(check || checkEvery != null, checkEvery == null ? 1 : checkEvery, trace,
                layout);
        List<Path> paths = new ArrayList<>();
        if (bundled != null) {
            paths.add(bundled);
        }
        paths.addAll(extra);
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("plugin path " + p + " does not exist");
            }
        }
        List<String> lines;
        try {
            lines = ScriptSource.read(script);
        } catch (ScriptSource.Unreadable e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return ScriptRunner.BAD_SCRIPT;
        }
        String name = script.toString();
        if (runtime.equals("osgi")) {
            OsgiLogging.quiet();
            try (OsgiRuntime osgi = OsgiRuntime.start(osgiDir, ArchitectureJars.select(paths, arch))) {
                return execute(name, lines, options, new Plugins(osgi.architecture(arch), osgi.filesystems(),
                        Plugins.oneAnonymous(osgi.anonymousMemory())));
            }
        }
        ModuleLayer layer = PluginLayer.build(ArchitectureJars.select(paths, arch));
        return execute(name, lines, options, new Plugins(Architectures.select(layer, arch), filesystems(layer),
                Plugins.oneAnonymous(anonymousMemory(layer))));
    }

    private int execute(String name, List<String> lines, RunOptions options, Plugins plugins) throws IOException {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        try {
            return checkOnly() ? ScriptRunner.check(name, lines, plugins, err)
                    : runScript(name, lines, plugins, options, colouring(out), err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs the checked script; {@code thplab report} records it on the way. */
    int runScript(String name, List<String> lines, Plugins plugins, RunOptions options, java.io.PrintWriter out,
                  java.io.PrintWriter err) throws IOException {
        return ScriptRunner.run(name, lines, plugins, out, err, options);
    }

    /** {@code out}, colouring layout lines if {@code --color} says so. */
    private java.io.PrintWriter colouring(java.io.PrintWriter out) {
        boolean on = color == ColorWhen.always || color == ColorWhen.auto && System.console() != null;
        return on ? new java.io.PrintWriter(new LayoutColors(out)) : out;
    }

    boolean checkOnly() {
        return false;
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

    /** {@code --layout full|runs}, in lower case as the help shows them. */
    static final class LayoutFormConverter implements picocli.CommandLine.ITypeConverter<LayoutForm> {
        @Override
        public LayoutForm convert(String value) {
            return switch (value) {
                case "full" -> LayoutForm.FULL;
                case "runs" -> LayoutForm.RUNS;
                default -> throw new picocli.CommandLine.TypeConversionException("expected full or runs, not '"
                        + value + "'");
            };
        }
    }

    /** {@code thplab check}: the same checks, nothing runs. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check a workload script and report every error as FILE:LINE: message; nothing runs.")
    static final class Check extends RunCommand {
        @Override
        boolean checkOnly() {
            return true;
        }
    }
}
