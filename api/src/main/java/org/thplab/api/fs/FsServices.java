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
        /**
         * NR_SHMEM_HUGEPAGES (ShmemHugePages), in huge pages: complete teams, or PMD-order
         * compound pages in the page cache (counted from allocation until split or removal).
         */
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

    /** The vm events a filesystem counts (include/linux/vm_event_item.h). */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    enum Event {
        /** thp_file_alloc: a PMD-order page was allocated for the page cache. */
        THP_FILE_ALLOC,
        /** thp_file_fallback: a PMD-order page was wanted but small pages were used. */
        THP_FILE_FALLBACK,
        /** thp_collapse_alloc: a collapse got its huge page. */
        THP_COLLAPSE_ALLOC,
        /** thp_collapse_alloc_failed: a collapse found no huge page. */
        THP_COLLAPSE_ALLOC_FAILED,
    }

    /** count_vm_event(). */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    void count(Event event);

    /**
     * The shmem_enabled knob ({@code /sys/kernel/mm/transparent_hugepage/shmem_enabled}) as
     * set now: always, within_size, advise, never, deny or force. Read it at each decision.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    String shmemEnabled();
}
