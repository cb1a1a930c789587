package org.thplab.api.fs;

import org.thplab.api.API;

/** A mapping as a fault handler sees it (the parts of vm_area_struct it may read). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface VmArea {
    /** vm_start. */
    long start();

    /** vm_end. */
    long end();

    /** vm_pgoff: the file page mapped at {@link #start()}. */
    long pgoff();

    /** VM_SHARED: writes reach the file; otherwise they are copied (MAP_PRIVATE). */
    boolean shared();

    /** VM_HUGEPAGE: the mapping was given MADV_HUGEPAGE. */
    boolean hugepage();

    /** Whether the mapping has an anon_vma: private copies of some of its pages exist. */
    boolean hasAnonVma();

    /** VM_NOHUGEPAGE: the mapping was given MADV_NOHUGEPAGE. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    boolean nohugepage();

    /**
     * thp_vma_suitable_order(PMD_ORDER): the mapping could map the PMD extent holding
     * {@code address} by one PMD: the extent lies inside the mapping and, for a file, the
     * mapping is congruent (its start minus its file offset is PMD aligned).
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    boolean pmdSuitable(long address);
}
