package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps only the chosen architecture's jar among the plugins, so that it is the only
 * architecture loaded. A jar says which architectures it provides in its manifest (the
 * {@code arch.name} attributes of its OSGi service-loader capability); jars that say nothing
 * are kept, and if no jar names the architecture all are kept (the choice then happens by
 * name after loading).
 */
final class ArchitectureJars {
    private static final Pattern ARCH_NAME = Pattern.compile("arch\\.name=\"?([A-Za-z0-9_-]+)\"?");

    private ArchitectureJars() {
        // static helpers only
    }

    /** The plugin jars to load for {@code arch}: folders expanded, other architectures' jars left out. */
    static List<Path> select(List<Path> paths, String arch) {
        List<PluginJar> jars = new ArrayList<>();
        for (Path p : paths) {
            for (Path jar : expand(p)) {
                jars.add(PluginJar.read(jar, ""));
            }
        }
        return keep(jars, arch).stream().map(PluginJar::jar).toList();
    }

    /** {@code jars} without other architectures' jars, unless none of them names {@code arch}. */
    static List<PluginJar> keep(List<PluginJar> jars, String arch) {
        boolean named = jars.stream().anyMatch(j -> j.architectures().contains(arch));
        if (!named) {
            return jars;
        }
        return jars.stream().filter(j -> j.architectures().isEmpty() || j.architectures().contains(arch)).toList();
    }

    /** The jars of a plugin path: a folder's {@code .jar} files sorted by name, or the jar itself. */
    static List<Path> expand(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (var files = Files.list(p)) {
            // a FIFO or a folder named *.jar would block or fail when opened as a jar
            return files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("plugin path " + p + " cannot be listed: " + e.getMessage(), e);
        }
    }

    /** The architecture names a jar's manifest declares; empty for a jar that declares none. */
    static List<String> provides(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            return declared(jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue("Provide-Capability"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The architecture names a manifest's {@code Provide-Capability} value (null if none) declares. */
    static List<String> declared(String cap) {
        List<String> names = new ArrayList<>();
        if (cap != null && cap.contains("org.thplab.api.arch.Architecture")) {
            Matcher m = ARCH_NAME.matcher(cap);
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
