package org.thplab.mm.stat;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Global counters (mm/vmstat.c): the zone and node items behind /proc/meminfo and the
 * vm events behind /proc/vmstat. Items are in pages unless named otherwise.
 */
public final class VmStat {

    /** Counted states, in pages. */
    public enum Item {
        /** NR_ANON_MAPPED: anonymous pages mapped somewhere (AnonPages). */
        NR_ANON_MAPPED,
        /** NR_FILE_MAPPED: file pages mapped somewhere (Mapped). */
        NR_FILE_MAPPED,
        /** NR_SHMEM: shmem pages in page caches (Shmem). */
        NR_SHMEM,
        /** NR_ANON_THPS: anonymous huge pages mapped by a PMD, in huge pages (AnonHugePages). */
        NR_ANON_THPS,
        /** NR_SHMEM_HUGEPAGES: complete shmem teams or PMD-order shmem compound pages, in huge pages (ShmemHugePages). */
        NR_SHMEM_HUGEPAGES,
        /** NR_SHMEM_PMDMAPPED: shmem teams or compound pages mapped by a PMD somewhere, in huge pages (ShmemPmdMapped). */
        NR_SHMEM_PMDMAPPED,
        /** NR_SHMEM_FREEHOLES: uninstantiated pages of incomplete teams (ShmemFreeHoles). */
        NR_SHMEM_FREEHOLES,
    }

    /** Counted events (include/linux/vm_event_item.h). */
    public enum Event {
        /** A fault took the PTE path. */
        PGFAULT,
        /** thp_fault_alloc. */
        THP_FAULT_ALLOC,
        /** thp_fault_fallback. */
        THP_FAULT_FALLBACK,
        /** thp_split_pmd. */
        THP_SPLIT_PMD,
        /** thp_zero_page_alloc. */
        THP_ZERO_PAGE_ALLOC,
        /** khugepaged/full_scans: complete passes over all processes. */
        KHUGEPAGED_FULL_SCANS,
        /** thp_split_page. */
        THP_SPLIT_PAGE,
        /** thp_split_page_failed. */
        THP_SPLIT_PAGE_FAILED,
        /** thp_deferred_split_page. */
        THP_DEFERRED_SPLIT_PAGE,
        /** thp_collapse_alloc: a collapse got its huge page. */
        THP_COLLAPSE_ALLOC,
        /** thp_collapse_alloc_failed: a collapse found no huge page. */
        THP_COLLAPSE_ALLOC_FAILED,
        /** thp_file_alloc: a PMD-order page allocated for a page cache. */
        THP_FILE_ALLOC,
        /** thp_file_fallback: a PMD-order page wanted for a page cache, small pages used. */
        THP_FILE_FALLBACK,
        /** thp_file_mapped: a file compound page mapped by PMD (do_set_pmd). */
        THP_FILE_MAPPED,
        /** A copy-on-write fault copied a page. */
        COW_COPY,
        /** A copy-on-write fault reused the page. */
        COW_REUSE,
    }

    private final AtomicLongArray items = new AtomicLongArray(Item.values().length);
    private final AtomicLongArray events = new AtomicLongArray(Event.values().length);

    /** mod_node_page_state(). */
    public void add(Item item, long delta) {
        items.addAndGet(item.ordinal(), delta);
    }

    /** The current value of {@code item}. */
    public long get(Item item) {
        return items.get(item.ordinal());
    }

    /** count_vm_event(). */
    public void count(Event event) {
        events.incrementAndGet(event.ordinal());
    }

    /** How often {@code event} happened. */
    public long get(Event event) {
        return events.get(event.ordinal());
    }
}
