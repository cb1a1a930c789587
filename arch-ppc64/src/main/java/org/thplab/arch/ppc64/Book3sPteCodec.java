package org.thplab.arch.ppc64;

import static org.thplab.arch.ppc64.Book3sBits.*;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PteCodec;

/**
 * book3s64 PTEs. The two MMUs share the layout and differ in what an empty entry may
 * hold: hash ignores its HPTE bookkeeping, radix the R/C bits hardware may write back.
 */
final class Book3sPteCodec implements PteCodec {
    private final String arch;
    private final Geometry geometry;
    private final long noneIgnored;
    private final long sameIgnored;

    /**
     * @param noneIgnored bits pte_none() ignores
     * @param sameIgnored bits pte_same() ignores
     */
    Book3sPteCodec(String arch, Geometry geometry, long noneIgnored, long sameIgnored) {
        this.arch = arch;
        this.geometry = geometry;
        this.noneIgnored = noneIgnored;
        this.sameIgnored = sameIgnored;
    }

    /** pfn_pte() plus the _PAGE_PTE that set_pte_at() adds to every leaf it stores. */
    @Override
    public long mk(long pfn, long prot) {
        return (geometry.checkPfn(arch, pfn) << geometry.pageShift()) | (prot & ~RPN_MASK) | PTE;
    }

    @Override
    public long pfn(long pte) {
        return (pte & RPN_MASK) >>> geometry.pageShift();
    }

    @Override
    public boolean none(long pte) {
        return (pte & ~noneIgnored) == 0;
    }

    @Override
    public boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    @Override
    public boolean protnone(long pte) {
        return (pte & (PRESENT | PRIVILEGED)) == (PRESENT | PRIVILEGED);
    }

    @Override
    public boolean young(long pte) {
        return (pte & ACCESSED) != 0;
    }

    @Override
    public long mkyoung(long pte) {
        return pte | ACCESSED;
    }

    @Override
    public long mkold(long pte) {
        return pte & ~ACCESSED;
    }

    @Override
    public boolean dirty(long pte) {
        return (pte & DIRTY) != 0;
    }

    @Override
    public long mkdirty(long pte) {
        return pte | DIRTY | SOFT_DIRTY;
    }

    @Override
    public long mkclean(long pte) {
        return pte & ~DIRTY;
    }

    @Override
    public boolean write(long pte) {
        return (pte & WRITE) != 0;
    }

    @Override
    public long mkwrite(long pte) {
        return pte | RW;
    }

    @Override
    public long wrprotect(long pte) {
        return pte & ~WRITE;
    }

    @Override
    public boolean special(long pte) {
        return (pte & SPECIAL) != 0;
    }

    @Override
    public long mkspecial(long pte) {
        return pte | SPECIAL;
    }

    @Override
    public long modify(long pte, long prot) {
        return (pte & PAGE_CHG_MASK) | (prot & ~PAGE_CHG_MASK);
    }

    @Override
    public boolean same(long a, long b) {
        return ((a ^ b) & ~sameIgnored) == 0;
    }
}
