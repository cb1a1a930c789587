package org.thplab.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architectures;
import org.thplab.api.fs.FilesystemType;
import org.thplab.launcher.script.Plugins;

/**
 * The chosen plugin jars loaded under one runtime (a JPMS layer, or a Felix framework that
 * {@link #close} stops), checked for choices that conflict: one filesystem type provided
 * twice, or two anonymous-memory policies, each named with its module and where it came from
 * (a profile or {@code --plugin}), in the same words under either runtime.
 */
final class LoadedPlugins implements AutoCloseable {
    private final Plugins plugins;
    private final OsgiRuntime osgi;

    private LoadedPlugins(Plugins plugins, OsgiRuntime osgi) {
        this.plugins = plugins;
        this.osgi = osgi;
    }

    /**
     * Loads {@code selection} under {@code runtime} ({@code jpms} or {@code osgi}) for {@code arch}.
     *
     * @throws IllegalArgumentException in one line for anything that keeps the plugins from loading
     */
    static LoadedPlugins load(PluginSelection selection, String arch, String runtime, Path osgiDir) {
        return load(selection, arch, runtime, osgiDir, false);
    }

    /**
     * {@link #load(PluginSelection, String, String, Path)}, loading plugin modules that require
     * {@code jdk.unsupported} only if {@code allowUnsupported} ({@link UnsupportedModules}).
     */
    static LoadedPlugins load(PluginSelection selection, String arch, String runtime, Path osgiDir,
                              boolean allowUnsupported) {
        if (runtime.equals("osgi")) {
            OsgiLogging.quiet();
            OsgiRuntime osgi = OsgiRuntime.start(osgiDir, selection.paths(), allowUnsupported);
            try {
                return new LoadedPlugins(checked(selection, osgi.architecture(arch), osgi.filesystems(),
                        osgi.anonymousMemory()), osgi);
            } catch (RuntimeException e) {
                osgi.close();
                throw e;
            }
        }
        ModuleLayer layer = PluginLayer.build(selection.paths());
        UnsupportedModules.refuse(layer, allowUnsupported); // before any plugin code runs
        return new LoadedPlugins(checked(selection, Architectures.select(layer, arch), filesystems(layer),
                anonymousMemory(layer)), null);
    }

    Plugins plugins() {
        return plugins;
    }

    @Override
    public void close() {
        if (osgi != null) {
            osgi.close();
        }
    }

    private static Plugins checked(PluginSelection selection, org.thplab.api.arch.Architecture arch,
                                   List<FilesystemType> filesystems, List<AnonymousMemoryType> anonymous) {
        Map<String, FilesystemType> seen = new LinkedHashMap<>();
        for (FilesystemType t : filesystems) {
            FilesystemType other = seen.putIfAbsent(t.name(), t);
            if (other != null) {
                // in the order of the selection (profile, then --plugin), whatever order the runtime found them in
                List<String> both = new ArrayList<>(List.of(moduleOf(other), moduleOf(t)));
                both.sort(java.util.Comparator.comparingInt(selection::indexOf));
                throw new IllegalArgumentException("filesystem type '" + t.name() + "' is provided twice: "
                        + selection.describe(both.get(0)) + " and " + selection.describe(both.get(1)));
            }
        }
        List<AnonymousMemoryType> policies = new ArrayList<>(anonymous);
        policies.sort(java.util.Comparator.comparingInt(a -> selection.indexOf(moduleOf(a))));
        return new Plugins(arch, filesystems,
                Plugins.oneAnonymous(policies, t -> selection.describe(moduleOf(t))));
    }

    /** The module (under OSGi, the bundle) a plugin's class comes from. */
    static String moduleOf(Object plugin) {
        Class<?> type = plugin.getClass();
        if (type.getModule().isNamed()) {
            return type.getModule().getName();
        }
        Bundle bundle = FrameworkUtil.getBundle(type);
        return bundle != null ? bundle.getSymbolicName() : String.valueOf(type.getClassLoader());
    }

    /** The filesystem types the layer provides; one that fails to load is reported, never a stack trace. */
    static List<FilesystemType> filesystems(ModuleLayer layer) {
        return load(layer, FilesystemType.class, "a filesystem plugin");
    }

    /** The anonymous-memory plugins the layer provides (fs-anon's, normally). */
    static List<AnonymousMemoryType> anonymousMemory(ModuleLayer layer) {
        return load(layer, AnonymousMemoryType.class, "an anonymous-memory plugin");
    }

    private static <T> List<T> load(ModuleLayer layer, Class<T> service, String what) {
        List<T> out = new ArrayList<>();
        var it = ServiceLoader.load(layer, service).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException(what + " failed to load: " + e.getMessage(), e);
            }
        }
    }
}
