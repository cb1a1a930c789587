package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * Hardware-facing effects an architecture reports through {@link Mm#archEvent}.
 *
 * <p>A hook reports its event whenever generic code calls it, even where the
 * architecture's body is empty, so that the sequence of calls is observable and
 * countable; architecture-specific side effects (hash-table flushes, IPIs) are
 * reported as events of their own.
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum ArchEvent {
    /** flush_tlb_range(): base-page TLB entries of a range. */
    FLUSH_TLB_RANGE("flush_tlb_range"),
    /** flush_pmd_tlb_range(): huge TLB entries of a range. */
    FLUSH_PMD_TLB_RANGE("flush_pmd_tlb_range"),
    /** update_mmu_cache(): after a PTE was installed. */
    UPDATE_MMU_CACHE("update_mmu_cache"),
    /** update_mmu_cache_pmd(): after a huge PMD was installed. */
    UPDATE_MMU_CACHE_PMD("update_mmu_cache_pmd"),
    /** pmdp_huge_split_prepare(): a huge PMD is about to be split. */
    PMD_SPLIT_PREPARE("pmdp_huge_split_prepare"),
    /** hpte_do_hugepage_flush(): ppc64 hash entries of a huge PMD invalidated. */
    HPTE_FLUSH("hpte_do_hugepage_flush"),
    /** kick_all_cpus_sync(): an IPI that waits out lockless page-table walkers. */
    SERIALIZE_AGAINST_PTE_LOOKUP("kick_all_cpus_sync");

    private final String kernelName;

    ArchEvent(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The kernel function that performs this effect. */
    public String kernelName() {
        return kernelName;
    }
}
