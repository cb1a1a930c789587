package org.thplab.launcher.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FilesystemType;

/**
 * What the plugins declare they accept, read once as data: each filesystem type's mount
 * options and the anonymous-memory plugin's knobs. Checking a script against it runs no plugin
 * code; a plugin that declares nothing is left to refuse at run time. Messages read as the
 * core and the plugins word them when they refuse the same value.
 */
final class PluginDeclarations {
    /**
     * The core's own knob (the internal tmpfs mount behind shared anonymous memory), as
     * {@code Kernel.setShmemEnabled} takes and refuses it.
     */
    static final DeclaredOptions SHMEM_ENABLED = new DeclaredOptions(List.of(DeclaredOption.words("shmem_enabled",
            "always", "within_size", "advise", "never", "deny", "force")), "%s=%s: expected %s", "%s%s");

    private final Geometry g;
    /** By name, sorted as the core lists them; empty when the type declares nothing. */
    private final Map<String, Optional<DeclaredOptions>> filesystems = new TreeMap<>();
    private final boolean anonymous;
    private final Optional<DeclaredOptions> knobs;

    PluginDeclarations(Plugins plugins) {
        this.g = plugins.arch().geometry();
        Map<String, FilesystemType> seen = new TreeMap<>();
        for (FilesystemType t : plugins.filesystems()) {
            FilesystemType other = seen.putIfAbsent(t.name(), t);
            if (other != null) { // as Kernel.boot refuses them
                throw new IllegalArgumentException("filesystem type '" + t.name() + "' is provided twice: "
                        + other.getClass().getName() + " and " + t.getClass().getName());
            }
            filesystems.put(t.name(), declared(t.name(), t::declaredOptions));
        }
        AnonymousMemoryType anon = plugins.anonymous();
        this.anonymous = anon != null;
        this.knobs = anon == null ? Optional.empty() : declared(anon.name(), () -> anon.declaredKnobs(g));
    }

    private static Optional<DeclaredOptions> declared(String plugin,
                                                      Supplier<Optional<DeclaredOptions>> read) {
        try {
            return read.get();
        } catch (Throwable e) { // Errors and sneaky checked exceptions too: one line, never a stack trace
            throw new IllegalArgumentException("plugin " + plugin + " failed to declare its options: " + e);
        }
    }

    /** {@code thp KEY=VALUE}: refused as the core or the anonymous-memory plugin would refuse it. */
    void checkKnob(String key, String value) {
        if (key.equals("shmem_enabled")) {
            check(SHMEM_ENABLED, key, value);
            return;
        }
        if (anonymous && knobs.isEmpty()) {
            return; // undeclared: the plugin decides at run time
        }
        List<String> names = new ArrayList<>(knobs.map(k -> k.options().stream().map(DeclaredOption::name).toList())
                .orElse(List.of()));
        if (!names.contains(key)) {
            names.add("shmem_enabled");
            throw new ScriptException("unknown THP knob '" + Quote.of(key) + "': expected one of " + names
                    + (anonymous ? "" : " (no anonymous-memory plugin is loaded)"));
        }
        check(knobs.get(), key, value);
    }

    /** {@code mount ... type=TYPE KEY=VALUE...}: the type exists, and its declaration takes the options. */
    void checkMount(String type, Map<String, String> options) {
        if (!filesystems.containsKey(type)) {
            throw new ScriptException("unknown filesystem type '" + Quote.of(type) + "': expected one of "
                    + filesystems.keySet() + " (a plugin may provide it: add it with --plugin PATH;"
                    + " 'thplab modules' lists the loaded ones)");
        }
        Optional<DeclaredOptions> declared = filesystems.get(type);
        if (declared.isPresent()) {
            for (var e : options.entrySet()) {
                check(declared.get(), e.getKey(), e.getValue());
            }
        }
    }

    private void check(DeclaredOptions declared, String key, String value) {
        DeclaredOption option = declared.find(key)
                .orElseThrow(() -> new ScriptException(declared.unknown(Quote.of(key)).getMessage()));
        if (!option.kind().accepts(value, g)) {
            throw new ScriptException(declared.badValue(option, Quote.of(value)).getMessage());
        }
    }
}
