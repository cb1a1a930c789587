package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin paths of a command line (the bundled folder, then each {@code --plugin}), checked
 * before anything opens them: opening a FIFO or a device as a jar would block or read garbage,
 * and the same folder given twice would report every module in it as found twice.
 */
final class PluginPaths {

    private PluginPaths() {
        // static helpers only
    }

    /**
     * {@code bundled} (if set) followed by {@code extra}.
     *
     * @throws IllegalArgumentException naming the first path that does not exist, is neither
     *         a folder nor a regular {@code .jar} file, or was given already
     */
    static List<Path> of(Path bundled, List<Path> extra) {
        List<Path> paths = new ArrayList<>();
        if (bundled != null) {
            paths.add(bundled);
        }
        paths.addAll(extra);
        Map<Path, Path> seen = new HashMap<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("plugin path " + p + " does not exist");
            }
            if (!Files.isDirectory(p) && !(Files.isRegularFile(p) && p.toString().endsWith(".jar"))) {
                throw new IllegalArgumentException("plugin path " + p + " is neither a .jar file nor a folder of jars");
            }
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("plugin path " + p + " cannot be read (permission denied)");
            }
            Path earlier = seen.putIfAbsent(realPath(p), p);
            if (earlier != null) {
                throw new IllegalArgumentException("plugin path " + p + " is given twice"
                        + (earlier.equals(p) ? "" : " (as " + earlier + ")")
                        + (p.equals(bundled) || earlier.equals(bundled) ? ": it holds the bundled plugins" : ""));
            }
        }
        return paths;
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
