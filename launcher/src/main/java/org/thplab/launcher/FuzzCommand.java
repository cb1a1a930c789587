package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.launcher.fuzz.Fuzzer;
import org.thplab.launcher.script.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thplab fuzz}: random scripts against a byte model and the invariant checker; a failure shrunk to a script. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Run random workload scripts (knobs, mounts, maps, stores and loads, fork, mprotect, mremap,"
                + " madvise, collapse, khugepaged, truncate, punch, reclaim, exit) with the invariant checker after"
                + " every command and every verify checked against a model of what the bytes must be. On a failure,"
                + " shrink the script to the fewest lines that still fail the same way and write it as FILE.wl,"
                + " which ./thplab run --check fails on; its path is printed on standard output.",
            "Without --seconds or --seeds, runs for 30 seconds."},
        footer = {"", "Exit status: 0 nothing failed; 1 a reproducer was written; 2 the command line was bad."})
final class FuzzCommand implements Callable<Integer> {
    private static final long DEFAULT_SECONDS = 30;

    @Option(names = "--arch", defaultValue = "x86_64",
            description = "The architecture: x86_64, ppc64, ppc64-radix, or all (each in turn; default: ${DEFAULT-VALUE}).")
    String arch;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The plugins to fuzz, as the profile NAME chooses them from the bundled ones, with any"
                    + " --plugin (default: seed; 'thplab modules' lists the profiles).")
    String profile;

    @Option(names = "--fs", paramLabel = "TYPE",
            description = "Mount only this filesystem type (repeatable; default: every type loaded).")
    List<String> fs = new ArrayList<>();

    @Option(names = "--seconds", paramLabel = "N",
            description = "Stop after N seconds (per architecture with --arch all; checked between scripts).")
    Long seconds;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Stop after N scripts (per architecture): a bound that is the same on every machine.")
    Long seeds;

    @Option(names = "--seed", paramLabel = "S",
            description = "The seed of the first script; the next ones follow (default: from the clock, printed).")
    Long seed;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "60",
            description = "Commands drawn per script (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where the reproducer is written (default: the current folder).")
    Path output;

    @Option(names = "--show", description = "Print the scripts of the seeds (--seed, --seeds; default 1) on"
            + " standard output instead of running them.")
    boolean show;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        positive("--seconds", seconds);
        positive("--seeds", seeds);
        if (ops < 1 || ops > 100_000) {
            throw new IllegalArgumentException("--ops " + ops + ": expected 1 to 100000");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("-o " + output + ": not a folder");
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new IllegalArgumentException("-o " + output + ": cannot be made (" + e.getMessage() + ")", e);
        }
        List<Fuzzer.Target> targets = targets(plugins.profile(profile));
        long nanos = seconds != null ? seconds * 1_000_000_000L : seeds != null ? Long.MAX_VALUE
                : DEFAULT_SECONDS * 1_000_000_000L;
        long first = seed != null ? seed : Math.floorMod(System.nanoTime(), 1_000_000_000L);
        StringBuilder runArgs = new StringBuilder();
        if (profile != null) {
            runArgs.append(" --profile ").append(profile);
        }
        plugins.extra.forEach(p -> runArgs.append(" --plugin ").append(p));
        Fuzzer fuzzer = new Fuzzer(new Fuzzer.Bounds(seeds == null ? Long.MAX_VALUE : seeds, nanos, ops), first, fs,
                output, runArgs.toString(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                Terminal.stderr());
        if (show) {
            Fuzzer shower = new Fuzzer(new Fuzzer.Bounds(seeds == null ? 1 : seeds, nanos, ops), first, fs, output,
                    "", spec.commandLine().getOut(), spec.commandLine().getErr(), false);
            return shower.show(targets);
        }
        return fuzzer.run(targets);
    }

    private static void positive(String option, Long value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(option + " " + value + ": expected a whole number of at least 1");
        }
    }

    /**
     * The architectures to fuzz, each with the plugins {@code chosen} (a profile, or null) and
     * {@code --plugin} make for it, loaded as {@code run} loads them (a conflict is one line).
     */
    private List<Fuzzer.Target> targets(Profile chosen) {
        List<String> names = List.of(arch);
        if (arch.equals("all")) {
            ModuleLayer every = PluginLayer.build(plugins.select(chosen, null).paths());
            names = Architectures.available(every).stream().map(Architecture::name).toList();
        }
        List<Fuzzer.Target> targets = new ArrayList<>();
        for (String name : names) {
            LoadedPlugins loaded = LoadedPlugins.load(plugins.select(chosen, name), name, "jpms", null);
            targets.add(new Fuzzer.Target(name, loaded.plugins())); // a module layer: nothing to close
        }
        return targets;
    }
}
