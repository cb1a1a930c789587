package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        List<Path> jars = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (var files = Files.list(p)) {
                    // a FIFO or a folder named *.jar would block or fail when opened as a jar
                    files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                            .forEach(jars::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException("plugin path " + p + " cannot be listed: " + e.getMessage(), e);
                }
            } else {
                jars.add(p);
            }
        }
        // each manifest read once: opening the jars is most of what choosing costs at start-up
        Map<Path, List<String>> provided = new HashMap<>();
        for (Path jar : jars) {
            provided.put(jar, provides(jar));
        }
        boolean named = provided.values().stream().anyMatch(names -> names.contains(arch));
        if (!named) {
            return jars;
        }
        return jars.stream().filter(j -> provided.get(j).isEmpty() || provided.get(j).contains(arch)).toList();
    }

    /** The architecture names a jar's manifest declares; empty for a jar that declares none. */
    static List<String> provides(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            String cap = jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue("Provide-Capability");
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
        } catch (IOException e) {
            return List.of();
        }
    }
}
