package org.thplab.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thplab modules}: what the plugin layer provides, and from which module. */
final class ModulesCommand implements Callable<Integer> {

    /** The command's picocli model; its option values are read from it after parsing. */
    final CommandSpec spec = CommandSpecs.command("modules", this,
            "List the architectures, filesystems and anonymous-memory plugins found, each with its module.");

    ModulesCommand() {
        spec.addOption(CommandSpecs.pathOption("PATH", true, "--plugin")
                .description("A plugin jar or a folder of jars, in addition to the bundled plugins (repeatable).")
                .build());
        spec.addOption(CommandSpecs.pathOption("DIR", false, "--plugins-dir").defaultValue("${sys:thplab.plugins}")
                .description("The bundled plugins (default: set by ./thplab).").build());
    }

    @Override
    public Integer call() {
        List<Path> paths = CommandSpecs.pluginPaths(spec);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no plugins: pass --plugin PATH or --plugins-dir DIR");
        }
        ModuleLayer layer = PluginLayer.build(paths);
        PrintWriter out = spec.commandLine().getOut();
        out.println("architectures:");
        for (Architecture a : Architectures.available(layer)) {
            var g = a.geometry();
            out.printf("  %-12s page %-4s pmd %-5s module %s%n", a.name(), size(g.pageSize()), size(g.pmdSize()),
                    a.getClass().getModule().getName());
            out.printf("  %-12s %s%n", "", a.description());
        }
        out.println("filesystems:");
        java.util.TreeMap<String, String> types = new java.util.TreeMap<>();
        for (var type : ScriptCommand.filesystems(layer)) {
            types.put(type.name(), type.getClass().getModule().getName());
        }
        types.forEach((name, module) -> out.printf("  %-12s module %s%n", name, module));
        out.println("anonymous memory:");
        for (var anon : ScriptCommand.anonymousMemory(layer)) {
            out.printf("  %-12s module %s%n", anon.name(), anon.getClass().getModule().getName());
        }
        out.flush();
        return 0;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + "M" : (bytes >> 10) + "K";
    }
}
