package org.thplab.mm.memory;

import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * The huge-PMD branches of memory.c's walks, which huge_memory.c implements
 * ({@code org.thplab.mm.huge.HugeMemory}). Owned here so that the fault path, zap, copy
 * and change_protection sit below the huge-PMD code that they dispatch to. Outcomes are
 * {@link Fault} bits.
 */
public interface HugePmdOps {
    /**
     * create_huge_pmd(): an anonymous fault at an empty PMD slot, offered to the THP policy.
     * {@code pmdval} is the empty entry the fault read: the policy is judged against what the
     * fault saw, since a racing fault may fill the slot at any moment.
     *
     * @return {@link Fault#DONE}, {@link Fault#OOM}, {@link Fault#SIGBUS}, or {@link Fault#FALLBACK} for PTEs
     */
    int createHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval);

    /**
     * A fault on the huge PMD {@code pmdval}: huge_pmd_set_accessed() if the access is
     * permitted, else wp_huge_pmd().
     *
     * @return as {@link #createHugePmd}; {@link Fault#FALLBACK} when the PMD was split
     */
    int hugePmdFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval);

    /**
     * do_set_pmd(): the compound file page at {@code head}, whose reference the caller hands
     * over, mapped by one PMD at {@code addr}'s extent if the VMA is suitable and the slot empty.
     *
     * @return {@link Fault#DONE} if mapped; {@link Fault#FALLBACK} (the caller keeps its
     *         reference) or {@link Fault#OOM} if not
     */
    int doSetPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head, boolean write);

    /** map_team_by_pmd(): the fault handler's locked, referenced team head, mapped whole. @return Fault bits */
    int mapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head);

    /**
     * zap_huge_pmd() of the whole extent at {@code haddr}.
     *
     * @return false if, under the PMD lock, the slot no longer held a huge PMD (a racing split
     *         or zap got there first under the shared mmap lock): nothing was done
     */
    boolean zapHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr);

    /** __split_huge_pmd(): the huge PMD at {@code addr}'s extent becomes PTEs. */
    void splitHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr);

    /**
     * copy_huge_pmd() at fork.
     *
     * @return {@link Fault#DONE}, {@link Fault#OOM}, or {@link Fault#FALLBACK} if the source is no longer huge
     */
    int copyHugePmd(MmStruct dst, MmStruct src, Vma vma, PmdTableImpl dstTable, PmdTableImpl srcTable, long haddr);

    /** change_huge_pmd(): HPAGE_PMD_NR if changed in place, 0 if the slot was no longer huge. */
    int changeHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr);

    /** follow_trans_huge_pmd(): the referenced subpage at {@code addr}, or -1. */
    long followTransHugePmd(MmStruct mm, PmdTableImpl table, long addr, boolean write);

    /** remap_team_by_pmd(): the team's PTEs at {@code haddr} replaced by one huge PMD, if they qualify. */
    boolean remapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long head);
}
