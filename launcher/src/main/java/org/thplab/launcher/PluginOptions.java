package org.thplab.launcher;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

import static org.thplab.launcher.CommandSpecs.pathOption;
import static org.thplab.launcher.CommandSpecs.value;

/**
 * Where a command's plugins come from, as every command that loads them takes it: the bundled
 * folder, the profiles that choose from it, and {@code --plugin} jars added to any choice.
 */
final class PluginOptions {

    private final CommandSpec spec;

    /** Adds the options to {@code spec}, whose parsed values this reads. */
    PluginOptions(CommandSpec spec) {
        this.spec = spec;
        spec.addOption(pathOption("PATH", true, "--plugin")
                .description("A plugin jar or folder of jars, in addition to the bundled plugins (repeatable).").build());
        spec.addOption(pathOption("DIR", false, "--plugins-dir").defaultValue("${sys:thplab.plugins}")
                .description("The bundled plugins (default: set by ./thplab).").build());
        spec.addOption(pathOption("DIR", false, "--profiles-dir").defaultValue("${sys:thplab.profiles}")
                .description("The profiles, one NAME.profile file each (default: set by ./thplab, else the profiles"
                        + " folder beside the bundled plugins).").build());
    }

    /** The bundled plugins' folder (null if none). */
    private Path bundled() {
        return value(spec, "--plugins-dir");
    }

    /** The {@code --plugin} paths, in order. */
    List<Path> extra() {
        List<Path> extra = value(spec, "--plugin");
        return extra == null ? List.of() : extra;
    }

    /** The plugin paths, checked ({@link PluginPaths}). */
    List<Path> paths() {
        return PluginPaths.of(bundled(), extra());
    }

    /** The profiles folder, or null when there is none. */
    Profiles profiles() {
        return Profiles.locate(value(spec, "--profiles-dir"), bundled());
    }

    /**
     * The profile {@code name} (null: the default) that chooses among the bundled plugins, or null
     * when there is no profiles folder and no name was asked for (every bundled jar is loaded then).
     *
     * @throws IllegalArgumentException for a name asked for without a profiles folder, an unknown
     *         profile or a bad profile file
     */
    Profile profile(String name) {
        Profiles profiles = profiles();
        if (profiles == null) {
            if (name != null) {
                throw new IllegalArgumentException("--profile " + name + ": no profiles folder; pass --profiles-dir DIR");
            }
            return null;
        }
        return profiles.named(name);
    }

    /** The jars to load under {@code profile} for {@code arch} (null: all architectures), paths checked first. */
    PluginSelection select(Profile profile, String arch) {
        paths();
        return PluginSelection.choose(bundled(), extra(), profile, arch);
    }
}
