package org.thplab.launcher.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thplab.launcher.script.Plugins;

/**
 * {@code thplab fuzz}'s loop: for each architecture in turn, scripts from consecutive seeds run
 * until the bounds are reached or one fails; a failing script is shrunk and written as a
 * reproducer that {@code thplab run --check} fails on, with its seed and the command in its
 * first lines.
 */
public final class Fuzzer {
    /** Exit status: nothing failed. */
    public static final int NOTHING_FAILED = 0;
    /** Exit status: a reproducer was written. */
    public static final int REPRODUCER_WRITTEN = 1;
    private static final int MAX_SHRINK_TRIALS = 20_000;

    /**
     * How long to go on, per architecture.
     *
     * @param seeds the most scripts to run
     * @param nanos the most time to take (checked between scripts)
     * @param ops the commands each script draws
     */
    public record Bounds(long seeds, long nanos, int ops) { }

    /** An architecture and the plugins loaded for it. */
    public record Target(String arch, Plugins plugins) { }

    private final Bounds bounds;
    private final long firstSeed;
    private final List<String> fsOnly;
    private final Path outDir;
    private final String runArgs;
    private final PrintWriter out;
    private final PrintWriter err;
    private final FuzzProgress progress;

    /**
     * @param firstSeed the seed of the first script; the next ones follow it
     * @param fsOnly the filesystem types to mount (empty: every one loaded)
     * @param outDir where the reproducer goes
     * @param runArgs the options its {@code thplab run --check} needs besides {@code --arch}
     *        ({@code --plugin}s, a profile), for its header
     * @param terminal whether standard error is a terminal (progress redrawn in place)
     */
    public Fuzzer(Bounds bounds, long firstSeed, List<String> fsOnly, Path outDir, String runArgs, PrintWriter out,
                  PrintWriter err, boolean terminal) {
        this.bounds = bounds;
        this.firstSeed = firstSeed;
        this.fsOnly = List.copyOf(fsOnly);
        this.outDir = outDir;
        this.runArgs = runArgs;
        this.out = out;
        this.err = err;
        this.progress = new FuzzProgress(err, terminal, System::nanoTime);
    }

    /**
     * Prints the script of each seed within the bounds for the first target, running nothing
     * (to read what is fuzzed, or to keep a seed's script); {@link #NOTHING_FAILED}.
     */
    public int show(List<Target> targets) {
        Vocabulary vocabulary = Vocabulary.of(targets.get(0).plugins(), fsOnly);
        for (long n = 0; n < Math.min(bounds.seeds(), 1_000_000); n++) {
            out.println("# seed " + (firstSeed + n));
            Generator.script(vocabulary, firstSeed + n, bounds.ops()).forEach(out::println);
        }
        out.flush();
        return NOTHING_FAILED;
    }

    /** Fuzzes each target in turn; {@link #NOTHING_FAILED} or {@link #REPRODUCER_WRITTEN}. */
    public int run(List<Target> targets) {
        List<Vocabulary> vocabularies = new ArrayList<>();
        for (Target t : targets) {
            vocabularies.add(Vocabulary.of(t.plugins(), fsOnly)); // a bad --fs is refused before any script runs
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            Trial trial = new Trial(t.plugins());
            long started = progress.elapsed();
            for (long n = 0; n < bounds.seeds() && progress.elapsed() - started < bounds.nanos(); n++) {
                long seed = firstSeed + n;
                List<String> lines = Generator.script(vocabularies.get(i), seed, bounds.ops());
                Outcome outcome = trial.run(Trial.NAME, lines);
                progress.ran(t.arch(), lines.size());
                if (outcome.failed()) {
                    return reproduce(t, vocabularies.get(i).pmdPages(), trial, seed, lines, outcome);
                }
            }
        }
        err.println("fuzz: " + String.join(", ", targets.stream().map(Target::arch).toList()) + ": "
                + progress.summary() + " from seed " + firstSeed + ", nothing failed");
        err.flush();
        return NOTHING_FAILED;
    }

    /**
     * Shrinks the failing {@code lines} and writes the reproducer. Each candidate is replayed
     * through the byte model first, so that its verifies assert what is true of it and not of
     * the lines it lost.
     */
    private int reproduce(Target t, int pmdPages, Trial trial, long seed, List<String> lines, Outcome outcome) {
        err.println("fuzz: " + t.arch() + ": seed " + seed + " failed (" + progress.summary() + "): "
                + outcome.firstError());
        err.flush();
        String signature = outcome.signature();
        Shrinker shrinker = new Shrinker(c -> {
            List<String> restated = ByteModel.replay(pmdPages, c);
            return restated != null && trial.run(Trial.NAME, restated).signature().equals(signature);
        }, MAX_SHRINK_TRIALS);
        List<String> small = ByteModel.replay(pmdPages, shrinker.shrink(lines));
        Path file = outDir.resolve("fuzz-" + t.arch() + "-" + seed + ".wl");
        // three comment lines on top, written once the error they quote is known (it counts them)
        List<String> script = new ArrayList<>(List.of("#", "#", "#"));
        script.addAll(small);
        Outcome shown = trial.run(file.toString(), script);
        if (!shown.failed()) {
            // It failed only after the runs before it: a plugin keeps state across machines. Keep it all.
            err.println("fuzz: the shrunk script passes when run again (does a plugin keep state across"
                    + " boots?): writing the whole script");
            small = lines;
            script.subList(3, script.size()).clear();
            script.addAll(small);
            shown = trial.run(file.toString(), script);
        }
        String run = "./thplab run --check --arch " + t.arch() + runArgs + " " + file;
        script.set(0, "# thplab fuzz --arch " + t.arch() + " --seed " + seed + " --seeds 1 --ops " + bounds.ops()
                + runArgs + ": shrunk from " + lines.size() + " to " + small.size() + " lines");
        script.set(1, "# " + run + " fails with exit status " + shown.status() + ":");
        script.set(2, "#   " + shown.firstError());
        try {
            Files.write(file, script);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the reproducer " + file + ": " + e.getMessage(), e);
        }
        err.println("fuzz: shrunk from " + lines.size() + " to " + small.size() + " lines in " + shrinker.trials()
                + " runs; " + run + " fails with: " + shown.firstError());
        err.flush();
        out.println(file);
        out.flush();
        return REPRODUCER_WRITTEN;
    }
}
