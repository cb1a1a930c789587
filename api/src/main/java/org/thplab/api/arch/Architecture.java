package org.thplab.api.arch;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.thplab.api.API;

/**
 * Service-provider interface for an architecture: page-table geometry, the PTE and PMD
 * encodings, the operations generic code performs on a live PMD slot, deposit and
 * withdraw of the page table kept for a huge PMD, and the choice of page-table locks.
 *
 * <p>A provider is found with {@link java.util.ServiceLoader} (or as an OSGi service
 * registered from the same metadata) and chosen by its {@link #name()}; see
 * {@link Architectures}. Abstract methods are what every architecture must say; the
 * {@code default} methods are the generic versions of {@code mm/pgtable-generic.c} and
 * {@code include/asm-generic/pgtable.h}, which an architecture overrides where the kernel
 * defines {@code __HAVE_ARCH_*}.
 *
 * <h2>Slots and locks</h2>
 * A PMD slot is named as the kernel names {@code pmdp}: a {@link PmdTable} and a virtual
 * address inside the extent the slot maps ({@code index = geometry().pmdIndex(addr)}).
 * Every slot operation and every deposit or withdraw is called with the PMD lock
 * ({@link #pmdLockptr}) held; implementations check that where the kernel asserts it and
 * throw {@link ArchitectureContractException} when it is not.
 *
 * <h2>Thread safety</h2>
 * Implementations are stateless and safe for use by multiple concurrent threads; all
 * state lives in the tables and mm passed in.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Architecture {

    // ---------------------------------------------------------------- identity and geometry

    /** The key users choose at launch ({@code x86_64}, {@code ppc64}, {@code ppc64-radix}); never blank. */
    String name();

    /** One line for listings: the MMU, page sizes and kernel version modelled. */
    String description();

    /** The page-table geometry; always the same instance. */
    Geometry geometry();

    /** The PTE encoding; always the same instance. */
    PteCodec pte();

    /** The PMD encoding; always the same instance. */
    PmdCodec pmd();

    /**
     * vm_get_page_prot(): the protection_map[] entry for the {@link VmFlags} bits of a VMA.
     * Private writable mappings get a read-only protection (copy-on-write).
     *
     * @param vmFlags any combination of {@link VmFlags} bits; others are ignored
     */
    long vmGetPageProt(int vmFlags);

    /** has_transparent_hugepage(): whether huge PMDs can be used at all. */
    default boolean hasTransparentHugepage() {
        return true;
    }

    // ---------------------------------------------------------------- locks

    /** USE_SPLIT_PMD_PTLOCKS: one lock per PMD table page rather than {@code mm->page_table_lock}. */
    boolean splitPmdPtlocks();

    /** USE_SPLIT_PTE_PTLOCKS: one lock per PTE table page rather than {@code mm->page_table_lock}. */
    boolean splitPtePtlocks();

    /** pmd_lockptr(): the lock guarding the PMD slots of {@code pmd} and their deposits. */
    default ReentrantLock pmdLockptr(Mm mm, PmdTable pmd) {
        return splitPmdPtlocks() ? pmd.ptlock() : mm.pageTableLock();
    }

    /** pte_lockptr(): the lock guarding the entries of {@code pte}. */
    default ReentrantLock pteLockptr(Mm mm, PteTable pte) {
        return splitPtePtlocks() ? pte.ptlock() : mm.pageTableLock();
    }

    /** pmd_huge_pte(): where the deposit list for a slot of {@code pmd} is anchored. */
    default HugePteAnchor pmdHugePte(Mm mm, PmdTable pmd) {
        return splitPmdPtlocks() ? pmd : mm;
    }

    // ---------------------------------------------------------------- live PMD slot operations

    /** set_pmd_at(): installs {@code value} in the slot. */
    default void setPmdAt(Mm mm, long addr, PmdTable pmd, long value) {
        pmd.set(geometry().pmdIndex(addr), value);
    }

    /** pmd_populate(): points the slot at the PTE table {@code table}. */
    default void pmdPopulate(Mm mm, long addr, PmdTable pmd, PteTable table) {
        pmd.set(geometry().pmdIndex(addr), pmd().mkTable(table.physAddress()));
    }

    /** pmdp_huge_get_and_clear(): atomically empties a huge slot and returns what it held. */
    default long pmdpHugeGetAndClear(Mm mm, long addr, PmdTable pmd) {
        return pmd.getAndSet(geometry().pmdIndex(addr), 0L);
    }

    /** pmdp_huge_get_and_clear_full(): as {@link #pmdpHugeGetAndClear}, told whether the whole mm is going. */
    default long pmdpHugeGetAndClearFull(Mm mm, long addr, PmdTable pmd, boolean fullmm) {
        return pmdpHugeGetAndClear(mm, addr, pmd);
    }

    /**
     * pmdp_huge_clear_flush(): empties a huge slot and flushes its TLB entries.
     *
     * @throws ArchitectureContractException if {@code haddr} is not PMD-aligned or the slot is not huge
     */
    default long pmdpHugeClearFlush(Mm mm, long haddr, PmdTable pmd) {
        ArchRules.requireAligned(this, "pmdp_huge_clear_flush", haddr);
        ArchRules.requireHuge(this, "pmdp_huge_clear_flush", haddr, pmd);
        long old = pmdpHugeGetAndClear(mm, haddr, pmd);
        flushPmdTlbRange(mm, haddr, haddr + geometry().pmdSize());
        return old;
    }

    /** pmdp_set_wrprotect(): atomically clears the write bit of a huge slot. */
    default void pmdpSetWrprotect(Mm mm, long addr, PmdTable pmd) {
        int i = geometry().pmdIndex(addr);
        long old;
        do {
            old = pmd.get(i);
        } while (!pmd.compareAndSet(i, old, pmd().wrprotect(old)));
    }

    /**
     * pmdp_set_access_flags(): installs {@code entry}, which differs from the slot only in
     * young, dirty or write, after a fault; returns whether the slot changed.
     */
    default boolean pmdpSetAccessFlags(Mm mm, long addr, PmdTable pmd, long entry, boolean dirty) {
        int i = geometry().pmdIndex(addr);
        boolean changed = !pmd().same(pmd.get(i), entry);
        if (changed) {
            pmd.set(i, entry);
            long haddr = addr & geometry().pmdMask();
            flushPmdTlbRange(mm, haddr, haddr + geometry().pmdSize());
        }
        return changed;
    }

    /** pmdp_test_and_clear_young(): clears the accessed bit; returns whether it was set. */
    default boolean pmdpTestAndClearYoung(Mm mm, long addr, PmdTable pmd) {
        int i = geometry().pmdIndex(addr);
        long old;
        do {
            old = pmd.get(i);
            if (!pmd().young(old)) {
                return false;
            }
        } while (!pmd.compareAndSet(i, old, pmd().mkold(old)));
        return true;
    }

    /** pmdp_clear_flush_young(): as {@link #pmdpTestAndClearYoung}, flushing the TLB when it was young. */
    default boolean pmdpClearFlushYoung(Mm mm, long addr, PmdTable pmd) {
        boolean young = pmdpTestAndClearYoung(mm, addr, pmd);
        if (young) {
            long haddr = addr & geometry().pmdMask();
            flushPmdTlbRange(mm, haddr, haddr + geometry().pmdSize());
        }
        return young;
    }

    /**
     * pmdp_invalidate(): marks a huge slot not present (it stays trans_huge) and flushes,
     * so no CPU uses the huge translation while the split fills in the PTEs.
     */
    default void pmdpInvalidate(Mm mm, long addr, PmdTable pmd) {
        int i = geometry().pmdIndex(addr);
        pmd.set(i, pmd().mknotpresent(pmd.get(i)));
        long haddr = addr & geometry().pmdMask();
        flushPmdTlbRange(mm, haddr, haddr + geometry().pmdSize());
    }

    /** pmdp_huge_split_prepare(): readies a huge slot for split; empty in the generic version. */
    default void pmdpHugeSplitPrepare(Mm mm, long addr, PmdTable pmd) {
        long haddr = addr & geometry().pmdMask();
        mm.archEvent(ArchEvent.PMD_SPLIT_PREPARE, haddr, haddr + geometry().pmdSize());
    }

    /**
     * pmdp_collapse_flush(): empties a slot that points to a PTE table (khugepaged) and
     * flushes the base-page TLB entries of its extent; returns the old value.
     *
     * @throws ArchitectureContractException if the slot holds a huge PMD
     */
    default long pmdpCollapseFlush(Mm mm, long haddr, PmdTable pmd) {
        ArchRules.requireAligned(this, "pmdp_collapse_flush", haddr);
        int i = geometry().pmdIndex(haddr);
        if (pmd().transHuge(pmd.get(i))) {
            throw ArchRules.violation(this, "pmdp_collapse_flush", haddr,
                    "the slot holds a huge PMD; expected a pointer to a PTE table");
        }
        long old = pmd.getAndSet(i, 0L);
        flushTlbRange(mm, haddr, haddr + geometry().pmdSize());
        return old;
    }

    // ---------------------------------------------------------------- TLB and MMU-cache hooks

    /** flush_tlb_range(). */
    default void flushTlbRange(Mm mm, long start, long end) {
        mm.archEvent(ArchEvent.FLUSH_TLB_RANGE, start, end);
    }

    /** flush_pmd_tlb_range(). */
    default void flushPmdTlbRange(Mm mm, long start, long end) {
        mm.archEvent(ArchEvent.FLUSH_PMD_TLB_RANGE, start, end);
    }

    /** update_mmu_cache(): after a PTE was installed at {@code addr}. */
    default void updateMmuCache(Mm mm, long addr) {
        mm.archEvent(ArchEvent.UPDATE_MMU_CACHE, addr, addr + geometry().pageSize());
    }

    /** update_mmu_cache_pmd(): after a huge PMD was installed at {@code addr}. */
    default void updateMmuCachePmd(Mm mm, long addr, PmdTable pmd) {
        long haddr = addr & geometry().pmdMask();
        mm.archEvent(ArchEvent.UPDATE_MMU_CACHE_PMD, haddr, haddr + geometry().pmdSize());
    }

    // ---------------------------------------------------------------- deposit and withdraw

    /**
     * pgtable_trans_huge_deposit(): keeps {@code table} for the huge PMD of this slot, so a
     * later split or zap has a PTE table without allocating.
     *
     * <p>Generic version: pushed on the circular list anchored at {@link #pmdHugePte}; any
     * table on that list may come back from a withdraw under the same anchor.
     *
     * @throws ArchitectureContractException if the PMD lock is not held or the table is
     *         already deposited
     */
    default void pgtableTransHugeDeposit(Mm mm, long addr, PmdTable pmd, PteTable table) {
        ArchRules.requirePmdLock(this, "pgtable_trans_huge_deposit", mm, addr, pmd);
        GenericDeposit.push(this, addr, pmdHugePte(mm, pmd), table);
    }

    /**
     * pgtable_trans_huge_withdraw(): takes back a table deposited for this slot.
     *
     * @return a table that reads as empty PTEs; never {@code null}
     * @throws ArchitectureContractException if the PMD lock is not held or nothing is deposited
     */
    default PteTable pgtableTransHugeWithdraw(Mm mm, long addr, PmdTable pmd) {
        ArchRules.requirePmdLock(this, "pgtable_trans_huge_withdraw", mm, addr, pmd);
        return GenericDeposit.pop(this, addr, pmdHugePte(mm, pmd));
    }

    /**
     * pmd_move_must_withdraw(): whether moving a huge PMD between slots guarded by these
     * locks must move its deposited table too (generic: only when the locks, and so the
     * deposit lists, differ).
     */
    default boolean pmdMoveMustWithdraw(ReentrantLock newPtl, ReentrantLock oldPtl) {
        return newPtl != oldPtl;
    }

    /**
     * Visits every table deposited in the storage of {@code pmdTables} and of {@code mm},
     * each exactly once; for the invariant checker (CONFIG_DEBUG_VM), not for hot paths.
     */
    default void forEachDeposited(Mm mm, Iterable<? extends PmdTable> pmdTables, Consumer<PteTable> action) {
        Set<HugePteAnchor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PmdTable pmd : pmdTables) {
            HugePteAnchor anchor = pmdHugePte(mm, pmd);
            if (seen.add(anchor)) {
                GenericDeposit.forEach(anchor, action);
            }
        }
        if (seen.add(mm)) {
            GenericDeposit.forEach(mm, action);
        }
    }
}
