package org.thplab.launcher;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A module layer built at launch from plugin jars (or folders of jars) over the boot layer.
 *
 * <p>JPMS itself says nothing when a path is missing, when one module appears under two
 * path entries (the first silently wins) or when a plugin brings its own copy of the api
 * (its providers would then implement another {@code Architecture}); those are checked
 * here and reported with the path concerned.
 */
final class PluginLayer {

    private PluginLayer() {
        // static factory only
    }

    /**
     * Builds the layer.
     *
     * @throws IllegalArgumentException naming the path and the problem, for anything that
     *         keeps the plugins from loading
     */
    static ModuleLayer build(List<Path> paths) {
        ModuleLayer boot = ModuleLayer.boot();
        Set<String> apiPackages = boot.findModule("org.thplab.api").map(m -> m.getPackages()).orElse(Set.of());
        Map<String, Path> origins = new LinkedHashMap<>();
        Map<String, ModuleReference> found = new LinkedHashMap<>();
        for (Path path : paths) { // checked already by PluginPaths.of
            for (ModuleReference ref : find(path)) {
                String name = ref.descriptor().name();
                Path where = ref.location().map(Path::of).orElse(path);
                found.putIfAbsent(name, ref);
                Path earlier = origins.putIfAbsent(name, where);
                if (earlier != null) {
                    throw new IllegalArgumentException("module " + name + " found twice: " + earlier + " and " + where);
                }
                if (boot.findModule(name).isPresent()) {
                    throw new IllegalArgumentException("module " + name + " (" + where
                            + ") is part of thplab itself; pass only plugin jars");
                }
                Set<String> carried = ref.descriptor().packages().stream().filter(apiPackages::contains)
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
                if (!carried.isEmpty()) {
                    throw new IllegalArgumentException("module " + name + " (" + where + ") carries api package(s) "
                            + carried + "; a plugin must require org.thplab.api, not contain it");
                }
            }
        }
        ModuleFinder finder = new Found(found);
        try {
            Configuration cf = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), origins.keySet());
            return boot.defineModulesWithManyLoaders(cf, ClassLoader.getSystemClassLoader());
        } catch (FindException | ResolutionException e) {
            throw new IllegalArgumentException("plugins cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** The modules already found, so that resolving does not open every jar a second time. */
    private record Found(Map<String, ModuleReference> modules) implements ModuleFinder {
        @Override
        public Optional<ModuleReference> find(String name) {
            return Optional.ofNullable(modules.get(name));
        }

        @Override
        public Set<ModuleReference> findAll() {
            return Set.copyOf(modules.values());
        }
    }

    private static Set<ModuleReference> find(Path path) {
        try {
            return ModuleFinder.of(path).findAll();
        } catch (FindException e) {
            // "Error reading X" alone says nothing: the reader's own reason (not a zip, truncated, ...) does
            Throwable cause = e.getCause();
            String why = cause instanceof java.io.IOException ? "not a readable jar (" + cause.getMessage() + ")"
                    : e.getMessage();
            throw new IllegalArgumentException("plugin path " + path + ": " + why, e);
        }
    }
}
