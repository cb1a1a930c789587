package org.thplab.launcher;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thplab.launcher.script.ScriptRunner;
import org.thplab.launcher.script.ScriptSource;
import org.thplab.launcher.script.TaggedRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code thplab compare}: one script run under each of several profiles in one JVM (a plugin
 * layer, or a Felix start, per profile), and the output lines that differ side by side.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run a workload script under each of several profiles (kernel designs) and show the output"
                + " lines that differ side by side: each with its script line's number and text, then what each"
                + " profile printed. Where the versions share their words, only the words that differ are shown;"
                + " output only some profiles printed is shown against -. A last line sums up."},
        footer = {"", "Example:", "  thplab compare --profiles seed,linux-6 examples/compare/cow-after-fork.wl",
            "", "Exit status: 0 every output line and exit status is the same; 1 some differ; 2 bad input"
                + " (an unknown or repeated profile, fewer than two, a script error under any profile, or a plugin"
                + " that fails to load; one line on standard error)."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCRIPT", description = "The workload script (.wl), or - for standard input.")
    Path script;

    @Option(names = "--profiles", paramLabel = "NAME", split = ",", required = true,
            description = "The profiles to compare, two or more, separated by commas ('thplab modules' lists them).")
    List<String> profiles;

    @Option(names = "--arch", defaultValue = "x86_64",
            description = "The architecture: x86_64, ppc64 or ppc64-radix (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--runtime", defaultValue = "jpms",
            description = "How plugins are loaded: jpms (the default) or osgi.")
    String runtime;

    @Option(names = "--osgi-dir", paramLabel = "DIR", defaultValue = "${sys:thplab.osgi}",
            description = "The OSGi service-loader mediator bundles (default: set by ./thplab).")
    Path osgiDir;

    @Mixin
    PluginOptions plugins = new PluginOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!runtime.equals("jpms") && !runtime.equals("osgi")) {
            throw new IllegalArgumentException("--runtime " + runtime + ": expected jpms or osgi");
        }
        if (profiles.size() < 2) {
            throw new IllegalArgumentException("--profiles " + String.join(",", profiles)
                    + ": expected two or more profiles to compare, e.g. --profiles seed,linux-6");
        }
        boolean stdin = script.toString().equals("-");
        if (!stdin && !Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script at " + script);
        }
        Map<String, PluginSelection> chosen = new LinkedHashMap<>();
        for (String name : profiles) {
            if (chosen.containsKey(name)) {
                throw new IllegalArgumentException("--profiles: profile " + name + " is given twice");
            }
            if (plugins.profiles() == null) {
                throw new IllegalArgumentException("--profiles: no profiles folder; pass --profiles-dir DIR");
            }
            chosen.put(name, plugins.select(plugins.profile(name), arch));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<String> lines;
            try {
                lines = stdin ? ScriptSource.read(System.in, "-") : ScriptSource.read(script);
            } catch (ScriptSource.Unreadable e) {
                err.println(e.getMessage());
                return ScriptRunner.BAD_SCRIPT;
            }
            return compare(chosen, lines, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int compare(Map<String, PluginSelection> chosen, List<String> lines, PrintWriter out, PrintWriter err) {
        String name = script.toString();
        List<TaggedRun> runs = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (var profile : chosen.entrySet()) {
            try (LoadedPlugins loaded = load(profile.getKey(), profile.getValue())) {
                String checked = TaggedRun.check(name, lines, loaded.plugins());
                if (!checked.isEmpty()) {
                    errors.put(profile.getKey(), checked);
                } else if (errors.isEmpty()) { // once a profile refused the script, the others are only checked
                    runs.add(TaggedRun.run(name, lines, loaded.plugins()));
                }
            }
        }
        if (!errors.isEmpty()) {
            reportScriptErrors(errors, err);
            return ScriptRunner.BAD_SCRIPT;
        }
        for (int p = 0; p < runs.size(); p++) {
            for (String line : runs.get(p).err().lines().toList()) {
                err.println(profiles.get(p) + ": " + line);
            }
        }
        Comparison comparison = new Comparison(profiles, runs);
        comparison.print(out, lines);
        return comparison.same() ? 0 : 1;
    }

    /** The profile's plugins, loaded; a failure to load names the profile. */
    private LoadedPlugins load(String profile, PluginSelection selection) {
        try {
            return LoadedPlugins.load(selection, arch, runtime, osgiDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile " + profile + ": " + e.getMessage(), e);
        }
    }

    /** The same errors under every profile are printed once; else each line with its profile's name. */
    private void reportScriptErrors(Map<String, String> errors, PrintWriter err) {
        if (errors.size() == profiles.size() && errors.values().stream().distinct().count() == 1) {
            err.print(errors.values().iterator().next());
            return;
        }
        errors.forEach((profile, text) -> text.lines().forEach(line -> err.println(profile + ": " + line)));
    }
}
