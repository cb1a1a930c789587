package org.thplab.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin jars a command loads, and where each came from. A bundled jar is loaded if it
 * provides an architecture (then only the chosen architecture's, as {@link ArchitectureJars}
 * chooses) or if the profile lists its module; every {@code --plugin} jar is loaded. Without a
 * profile every bundled jar is loaded.
 *
 * @param jars    the jars to load, bundled ones first, each with its origin
 * @param profile the profile that chose the bundled jars, or null
 */
record PluginSelection(List<PluginJar> jars, Profile profile) {

    PluginSelection {
        jars = List.copyOf(jars);
    }

    /**
     * The jars for {@code arch} (null: every architecture, as {@code thplab modules} lists them).
     *
     * @throws IllegalArgumentException when the profile names a module that no plugin provides
     */
    static PluginSelection choose(Path bundled, List<Path> extra, Profile profile, String arch) {
        List<PluginJar> chosen = new ArrayList<>();
        List<PluginJar> added = new ArrayList<>();
        for (Path p : extra) {
            for (Path jar : ArchitectureJars.expand(p)) {
                added.add(PluginJar.read(jar, "--plugin " + p));
            }
        }
        if (bundled != null) {
            List<PluginJar> all = ArchitectureJars.expand(bundled).stream()
                    .map(jar -> PluginJar.read(jar, "bundled")).toList();
            if (profile == null) {
                chosen.addAll(all);
            } else {
                for (String module : profile.modules()) {
                    if (all.stream().noneMatch(j -> module.equals(j.name()))
                            && added.stream().noneMatch(j -> module.equals(j.name()))) {
                        throw new IllegalArgumentException("profile " + profile.name() + " names module " + module
                                + ", which no bundled plugin provides (plugins in " + bundled + ")");
                    }
                }
                for (PluginJar j : all) {
                    if (profile.modules().contains(j.name())) {
                        chosen.add(new PluginJar(j.jar(), j.name(), j.architectures(), profile.origin()));
                    } else if (!j.architectures().isEmpty()) {
                        chosen.add(j);
                    }
                }
            }
        }
        chosen.addAll(added);
        return new PluginSelection(arch == null ? chosen : ArchitectureJars.keep(chosen, arch), profile);
    }

    /** The files to load. */
    List<Path> paths() {
        return jars.stream().map(PluginJar::jar).toList();
    }

    /** Where {@code module}'s jar is among the selected ones; past the end if none has it. */
    int indexOf(String module) {
        for (int i = 0; i < jars.size(); i++) {
            if (module.equals(jars.get(i).name())) {
                return i;
            }
        }
        return jars.size();
    }

    /** {@code module} with where it came from, {@code NAME (ORIGIN)}; the name alone if no jar here has it. */
    String describe(String module) {
        return jars.stream().filter(j -> module.equals(j.name())).findFirst().map(PluginJar::described)
                .orElse(module);
    }
}
