package org.thplab.launcher.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.FilesystemType;
import org.thplab.launcher.script.Plugins;

/**
 * The words a generated script may use on one architecture with one set of plugins: the
 * filesystem types to mount with the options they declare, and the knobs the anonymous-memory
 * plugin declares. Only options of a fixed set of words or a number range are chosen: a size
 * option (tmpfs's {@code size=}) would make a fault fail where the byte model cannot say.
 *
 * @param pmdPages base pages per PMD
 * @param filesystems the filesystem types to fuzz, with their declared options
 * @param knobs the {@code thp} knobs to vary
 */
record Vocabulary(int pmdPages, List<Filesystem> filesystems, List<DeclaredOption> knobs) {

    /** A filesystem type and the options it declares. */
    record Filesystem(String type, List<DeclaredOption> options) { }

    /** {@code shmem_enabled}, the core's own knob (the internal tmpfs mount behind shared anonymous memory). */
    static final DeclaredOption SHMEM_ENABLED = DeclaredOption.words("shmem_enabled", "always", "within_size",
            "advise", "never", "deny", "force");

    /**
     * The vocabulary of {@code plugins}: every filesystem type, or those named in {@code only}
     * (none: all).
     *
     * @throws IllegalArgumentException if {@code only} names a type no plugin provides
     */
    static Vocabulary of(Plugins plugins, List<String> only) {
        var g = plugins.arch().geometry();
        List<Filesystem> filesystems = new ArrayList<>();
        for (FilesystemType t : plugins.filesystems()) {
            if (only.isEmpty() || only.contains(t.name())) {
                filesystems.add(new Filesystem(t.name(), t.declaredOptions().map(d -> d.options()).orElse(List.of())));
            }
        }
        for (String name : only) {
            if (filesystems.stream().noneMatch(f -> f.type().equals(name))) {
                throw new IllegalArgumentException("--fs " + name + ": no plugin provides it (types: "
                        + String.join(", ", plugins.filesystems().stream().map(FilesystemType::name).toList()) + ")");
            }
        }
        List<DeclaredOption> knobs = new ArrayList<>();
        if (plugins.anonymous() != null) {
            plugins.anonymous().declaredKnobs(g).ifPresent(d -> knobs.addAll(d.options()));
        }
        knobs.add(SHMEM_ENABLED);
        return new Vocabulary((int) (g.pmdSize() / g.pageSize()), filesystems, knobs);
    }
}
