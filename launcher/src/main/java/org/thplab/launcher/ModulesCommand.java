package org.thplab.launcher;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thplab modules}: what the plugin layer provides, and from which module; and the profiles. */
final class ModulesCommand implements Callable<Integer> {

    /** The command's picocli model; its option values are read from it after parsing. */
    final CommandSpec spec = CommandSpecs.command("modules", this,
            "List the architectures, filesystems and anonymous-memory plugins found, each with its module,"
                    + " and the profiles with the modules each one chooses.");

    private final PluginOptions plugins = new PluginOptions(spec);

    ModulesCommand() {
        spec.usageMessage().description(spec.usageMessage().description()[0], // a second paragraph
                "Without --profile every bundled plugin is listed; with it, only what that profile loads.");
        spec.addOption(CommandSpecs.option("--profile", String.class, "NAME")
                .description("List only what the profile NAME loads (and any --plugin).").build());
    }

    @Override
    public Integer call() {
        if (plugins.paths().isEmpty()) {
            throw new IllegalArgumentException("no plugins: pass --plugin PATH or --plugins-dir DIR");
        }
        Profiles profiles = plugins.profiles();
        PluginSelection all = plugins.select(null, null);
        String profile = CommandSpecs.value(spec, "--profile");
        PluginSelection shown = profile == null ? all : plugins.select(plugins.profile(profile), null);
        ModuleLayer layer = PluginLayer.build(shown.paths());
        PrintWriter out = spec.commandLine().getOut();
        out.println("architectures:");
        for (Architecture a : Architectures.available(layer)) {
            var g = a.geometry();
            out.printf("  %s page %-4s pmd %-5s module %s%n", name(a.name()), size(g.pageSize()), size(g.pmdSize()),
                    a.getClass().getModule().getName());
            out.printf("  %-12s %s%n", "", a.description());
        }
        out.println("filesystems:");
        // by name and module: two modules may provide the same type (tmpfs as teams, tmpfs as compound pages)
        List<String[]> types = new ArrayList<>();
        for (var type : LoadedPlugins.filesystems(layer)) {
            types.add(new String[] {type.name(), type.getClass().getModule().getName()});
        }
        printByNameAndModule(out, types);
        out.println("anonymous memory:");
        List<String[]> policies = new ArrayList<>();
        for (var anon : LoadedPlugins.anonymousMemory(layer)) {
            policies.add(new String[] {anon.name(), anon.getClass().getModule().getName()});
        }
        printByNameAndModule(out, policies);
        if (profiles != null) {
            printProfiles(out, profiles, all.jars().stream().map(PluginJar::name).collect(Collectors.toSet()));
        }
        out.flush();
        return 0;
    }

    /** {name, module} pairs, sorted by both. */
    private static void printByNameAndModule(PrintWriter out, List<String[]> provided) {
        provided.sort(Comparator.<String[], String>comparing(t -> t[0]).thenComparing(t -> t[1]));
        provided.forEach(t -> out.printf("  %s module %s%n", name(t[0]), t[1]));
    }

    /** Each profile with its modules, a module no plugin provides marked, and its description. */
    private static void printProfiles(PrintWriter out, Profiles profiles, Set<String> available) {
        out.println("profiles (* the default):");
        for (Profile p : profiles.all()) {
            String modules = p.modules().isEmpty() ? "(none: the architecture alone)" : p.modules().stream()
                    .map(m -> available.contains(m) ? m : m + " (missing)").collect(Collectors.joining(", "));
            String name = p.name() + (p.name().equals(Profiles.DEFAULT) ? " *" : "");
            out.printf("  %s modules %s%n", name(name), modules);
            if (!p.description().isEmpty()) {
                out.printf("  %-12s %s%n", "", p.description());
            }
        }
    }

    /** A name in its column of 12, and apart from what follows when it is longer (anon-thp-6.18). */
    private static String name(String name) {
        return name + " ".repeat(Math.max(12 - name.length(), 1));
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + "M" : (bytes >> 10) + "K";
    }
}
