package org.thplab.api.fs;

import org.thplab.api.API;
import org.thplab.api.arch.Geometry;

/**
 * What the core lends a mounted filesystem: pages, file mappings (address spaces), the
 * geometry, and the counters a filesystem keeps.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FsServices {

    /** The counters a filesystem maintains, in pages (or teams). */
    enum Counter {
        /** NR_SHMEM: shmem pages in page caches (Shmem). */
        SHMEM,
        /** NR_SHMEM_HUGEPAGES: complete teams (ShmemHugePages), in teams. */
        SHMEM_HUGEPAGES,
        /** NR_SHMEM_FREEHOLES: uninstantiated pages of incomplete teams. */
        SHMEM_FREEHOLES,
    }

    /** The page frames. */
    Pages pages();

    /** A new, empty address space whose mappings fault through {@code ops}. */
    FileMapping newMapping(VmOperations ops);

    /** The architecture's page geometry. */
    Geometry geometry();

    /** mod_node_page_state(). */
    void count(Counter counter, long delta);
}
