package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * The encoding of a PMD entry as the architecture's real 64-bit value: either empty,
 * a pointer to a PTE table, or a huge leaf mapping {@link Geometry#hpagePmdNr()} pages.
 *
 * <p>Pure functions: no state, no allocation; every modifier returns the new value and
 * keeps all other bits. Implementations are safe for use by multiple concurrent threads.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PmdCodec {

    /**
     * mk_huge_pmd(): a huge PMD mapping the huge page whose first frame is {@code pfn}.
     *
     * @param prot a value from {@link Architecture#vmGetPageProt(int)}
     * @throws IllegalArgumentException if {@code pfn} is out of range or not aligned to
     *         {@link Geometry#hpagePmdNr()}
     */
    long mkHuge(long pfn, long prot);

    /** pmd_mkhuge(): marks a leaf value as a huge mapping. */
    long mkhuge(long pmd);

    /**
     * pmd_populate(): an entry pointing to the PTE table at {@code tablePhysAddress}.
     *
     * @throws IllegalArgumentException if the address is not aligned to a PTE table or out of range
     */
    long mkTable(long tablePhysAddress);

    /** pmd_page_vaddr() as a physical address: the PTE table a non-huge entry points to. */
    long tableAddress(long pmd);

    /** pmd_pfn(): the first frame a huge entry maps. */
    long pfn(long pmd);

    /** pmd_none(). */
    boolean none(long pmd);

    /** pmd_present(): also true for a huge entry invalidated during split. */
    boolean present(long pmd);

    /** pmd_trans_huge(): a huge leaf (not a table pointer). */
    boolean transHuge(long pmd);

    /** pmd_protnone(). */
    boolean protnone(long pmd);

    /** pmd_young(). */
    boolean young(long pmd);

    /** pmd_mkyoung(). */
    long mkyoung(long pmd);

    /** pmd_mkold(). */
    long mkold(long pmd);

    /** pmd_dirty(). */
    boolean dirty(long pmd);

    /** pmd_mkdirty(). */
    long mkdirty(long pmd);

    /** pmd_mkclean(). */
    long mkclean(long pmd);

    /** pmd_write(). */
    boolean write(long pmd);

    /** pmd_mkwrite(). */
    long mkwrite(long pmd);

    /** pmd_wrprotect(). */
    long wrprotect(long pmd);

    /** pmd_mknotpresent(): what pmdp_invalidate() leaves; still present and trans_huge. */
    long mknotpresent(long pmd);

    /** pmd_mksoft_dirty(). */
    long mksoftDirty(long pmd);

    /** pmd_modify(): the protection bits replaced by {@code prot}; pfn, young, dirty and huge kept. */
    long modify(long pmd, long prot);

    /** pmd_same(). */
    boolean same(long a, long b);
}
