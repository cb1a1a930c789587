package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * The encoding of a PTE (a leaf entry mapping one base page) as the architecture's
 * real 64-bit value: pure functions, no state, no allocation.
 *
 * <p>Every modifier returns the new value and leaves all other bits as they were.
 * Implementations are safe for use by multiple concurrent threads.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PteCodec {

    /**
     * pfn_pte(): a PTE mapping {@code pfn} with protection {@code prot}.
     *
     * @param prot a value from {@link Architecture#vmGetPageProt(int)}
     * @throws IllegalArgumentException if {@code pfn} is outside the physical address range
     */
    long mk(long pfn, long prot);

    /** pte_pfn(): the page frame the entry maps. */
    long pfn(long pte);

    /** pte_none(): an empty entry (some architectures ignore bits hardware may set on empty entries). */
    boolean none(long pte);

    /** pte_present(): maps a page, including PROT_NONE entries. */
    boolean present(long pte);

    /** pte_protnone(): present but inaccessible (PROT_NONE or NUMA hinting). */
    boolean protnone(long pte);

    /** pte_young(): the accessed bit. */
    boolean young(long pte);

    /** pte_mkyoung(). */
    long mkyoung(long pte);

    /** pte_mkold(). */
    long mkold(long pte);

    /** pte_dirty(). */
    boolean dirty(long pte);

    /** pte_mkdirty(): sets dirty (and soft-dirty where the architecture tracks it). */
    long mkdirty(long pte);

    /** pte_mkclean(). */
    long mkclean(long pte);

    /** pte_write(). */
    boolean write(long pte);

    /** pte_mkwrite(). */
    long mkwrite(long pte);

    /** pte_wrprotect(). */
    long wrprotect(long pte);

    /** pte_special(): a mapping with no struct page behind it to count (the zero page). */
    boolean special(long pte);

    /** pte_mkspecial(). */
    long mkspecial(long pte);

    /** pte_modify(): the protection bits replaced by {@code prot}; pfn, young, dirty and special kept. */
    long modify(long pte, long prot);

    /** pte_same(): the two values are the same entry (ignoring bits the architecture treats as private). */
    boolean same(long a, long b);
}
