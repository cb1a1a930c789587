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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import static org.thplab.launcher.CommandSpecs.option;
import static org.thplab.launcher.CommandSpecs.pathOption;
import static org.thplab.launcher.CommandSpecs.value;

/**
 * {@code thplab compare}: one script run under each of several profiles in one JVM (a plugin
 * layer, or a Felix start, per profile), and the output lines that differ side by side.
 */
final class CompareCommand implements Callable<Integer> {

    /** The command's picocli model; its option values are read from it after parsing. */
    final CommandSpec spec = CommandSpecs.command("compare", this,
            "Run a workload script under each of several profiles (kernel designs) and show the output"
                    + " lines that differ side by side: each with its script line's number and text, then what each"
                    + " profile printed. Where the versions share their words, only the words that differ are shown;"
                    + " output only some profiles printed is shown against -. A last line sums up. What a run writes"
                    + " on standard error (a failed expect, a command that failed) is passed on, each line prefixed"
                    + " with its profile's name.",
            "", "Example:", "  thplab compare --profiles seed,linux-6 examples/compare/cow-after-fork.wl",
            "", "Exit status: 0 every output line and exit status is the same; 1 some differ; 2 bad input"
                    + " (an unknown or repeated profile, fewer than two, a script error under any profile, or a"
                    + " plugin that fails to load; one line on standard error).");

    private final PluginOptions plugins;

    private Path script;
    private List<String> profiles;
    private String arch;
    private String runtime;
    private Path osgiDir;

    CompareCommand() {
        spec.addPositional(CommandSpecs.script());
        spec.addOption(OptionSpec.builder("--profiles").type(List.class).auxiliaryTypes(String.class)
                .paramLabel("NAME").splitRegex(",").required(true)
                .description("The profiles to compare, two or more, separated by commas ('thplab modules' lists"
                        + " them).").build());
        spec.addOption(CommandSpecs.arch());
        spec.addOption(option("--runtime", String.class, "<runtime>").defaultValue("jpms")
                .description("How plugins are loaded: jpms (the default) or osgi.").build());
        spec.addOption(pathOption("DIR", false, "--osgi-dir").defaultValue("${sys:thplab.osgi}")
                .description("The OSGi service-loader mediator bundles (default: set by ./thplab).").build());
        plugins = new PluginOptions(spec);
    }

    @Override
    public Integer call() {
        script = spec.positionalParameters().get(0).getValue();
        profiles = value(spec, "--profiles");
        arch = value(spec, "--arch");
        runtime = value(spec, "--runtime");
        osgiDir = value(spec, "--osgi-dir");
        if (!runtime.equals("jpms") && !runtime.equals("osgi")) {
            throw new IllegalArgumentException("--runtime " + runtime + ": expected jpms or osgi");
        }
        if (profiles.size() < 2) {
            throw new IllegalArgumentException("--profiles " + String.join(",", profiles)
                    + ": expected two or more profiles to compare, e.g. --profiles seed,linux-6");
        }
        if (plugins.profiles() == null) {
            throw new IllegalArgumentException("--profiles: no profiles folder; pass --profiles-dir DIR");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : profiles) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("--profiles: profile " + name + " is given twice");
            }
        }
        boolean stdin = script.toString().equals("-");
        if (!stdin && !Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no script at " + script);
        }
        Map<String, PluginSelection> chosen = new LinkedHashMap<>();
        for (String name : profiles) {
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
