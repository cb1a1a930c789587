package org.thplab.api.fs;

import java.util.Map;
import java.util.Optional;
import org.thplab.api.API;

/**
 * Service-provider interface for a filesystem type ({@code struct file_system_type}),
 * found with {@link java.util.ServiceLoader} and chosen by {@link #name()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FilesystemType {

    /** The type users name when mounting, e.g. {@code tmpfs}; never blank. */
    String name();

    /**
     * mount(): a new instance with {@code options}.
     *
     * @throws IllegalArgumentException naming the first option that is unknown or malformed,
     *         and what was expected
     */
    Filesystem mount(Map<String, String> options, FsServices services);

    /**
     * The mount options {@link #mount} accepts, declared as data so that a script can be checked
     * without mounting anything. Empty (the default) means undeclared: every option is then
     * left to {@link #mount} at run time. {@link #mount} stays the authority: it may still refuse
     * a value the declaration accepts.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    default Optional<DeclaredOptions> declaredOptions() {
        return Optional.empty();
    }

    /** A mounted instance ({@code struct super_block}). */
    interface Filesystem {
        /**
         * Creates an empty file.
         *
         * @throws IllegalArgumentException if the name is taken
         */
        FsFile create(String name);

        /**
         * The filesystem's shrinker, run under memory pressure: frees what it can do without
         * (tmpfs: the free holes of incomplete teams).
         *
         * @return pages freed
         */
        default long shrink() {
            return 0;
        }

        /**
         * Runs the filesystem's queued background work until none is left (tmpfs: team
         * recovery work items).
         *
         * @return work items run
         */
        default int settle() {
            return 0;
        }
    }

    /** A file ({@code struct inode}) of a mounted filesystem. */
    interface FsFile {
        /** The address space the core maps (one the filesystem got from {@link FsServices#newMapping}). */
        FileMapping mapping();

        /**
         * Sets the size; pages beyond it are unmapped everywhere and freed.
         *
         * @throws IllegalArgumentException if the size is negative or beyond the filesystem's limit
         */
        void truncate(long size);

        /** fallocate(PUNCH_HOLE | KEEP_SIZE): the pages of the range are unmapped everywhere and freed. */
        void punchHole(long offset, long length);
    }
}
