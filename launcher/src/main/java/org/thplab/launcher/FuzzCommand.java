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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.thplab.launcher.CommandSpecs.flag;
import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.pathOption;
import static org.thplab.launcher.CommandSpecs.value;

/** {@code thplab fuzz}: random scripts against a byte model and the invariant checker; a failure shrunk to a script. */
final class FuzzCommand implements Callable<Integer> {
    private static final long DEFAULT_SECONDS = 30;

    /** The command's picocli model (declared in code, as every command's: see {@link CommandSpecs}). */
    final CommandSpec spec = CommandSpecs.command("fuzz", this,
            "Run random workload scripts (knobs, mounts, maps, stores and loads, fork, mprotect, mremap,"
                    + " madvise, collapse, khugepaged, truncate, punch, reclaim, exit) with the invariant checker after"
                    + " every command and every verify checked against a model of what the bytes must be. On a failure,"
                    + " shrink the script to the fewest lines that still fail the same way and write it as FILE.wl,"
                    + " which ./thplab run --check fails on; its path is printed on standard output."
                    + " Without --seconds or --seeds, runs for 30 seconds.",
            "", "Exit status: 0 nothing failed; 1 a reproducer was written; 2 the command line was bad.");

    private final PluginOptions plugins;

    private String arch;
    private String profile;
    private List<String> fs;
    private Long seconds;
    private Long seeds;
    private Long seed;
    private int ops;
    private Path output;
    private boolean show;

    FuzzCommand() {
        spec.addOption(option("--arch", String.class, "<arch>").defaultValue("x86_64")
                .description("The architecture: x86_64, ppc64, ppc64-radix, or all (each in turn; default: ${DEFAULT-VALUE}).")
                .build());
        plugins = new PluginOptions(spec);
        spec.addOption(option("--profile", String.class, "NAME")
                .description("The plugins to fuzz, as the profile NAME chooses them from the bundled ones, with any"
                        + " --plugin (default: seed; 'thplab modules' lists the profiles).").build());
        spec.addOption(OptionSpec.builder("--fs").type(List.class).auxiliaryTypes(String.class).paramLabel("TYPE")
                .description("Mount only this filesystem type (repeatable; default: every type loaded).").build());
        spec.addOption(option("--seconds", Long.class, "N")
                .description("Stop after N seconds (per architecture with --arch all; checked between scripts).").build());
        spec.addOption(option("--seeds", Long.class, "N")
                .description("Stop after N scripts (per architecture): a bound that is the same on every machine.").build());
        spec.addOption(option("--seed", Long.class, "S")
                .description("The seed of the first script; the next ones follow (default: from the clock, printed).").build());
        spec.addOption(option("--ops", int.class, "N").defaultValue("60")
                .description("Commands drawn per script (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(pathOption("DIR", false, "-o", "--output").defaultValue(".")
                .description("Where the reproducer is written (default: the current folder).").build());
        spec.addOption(flag("--show").description("Print the scripts of the seeds (--seed, --seeds; default 1) on"
                + " standard output instead of running them.").build());
    }

    @Override
    public Integer call() {
        arch = value(spec, "--arch");
        profile = value(spec, "--profile");
        List<String> types = value(spec, "--fs");
        fs = types == null ? List.of() : types;
        seconds = value(spec, "--seconds");
        seeds = value(spec, "--seeds");
        seed = value(spec, "--seed");
        ops = value(spec, "--ops");
        output = value(spec, "-o");
        show = value(spec, "--show");
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
        plugins.extra().forEach(p -> runArgs.append(" --plugin ").append(p));
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
