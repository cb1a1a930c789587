package org.thplab.arch.x86_64;

import static org.thplab.arch.x86_64.X86Bits.*;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PteCodec;

/** x86_64 PTEs (arch/x86/include/asm/pgtable.h, v4.8). */
final class X86PteCodec implements PteCodec {
    private final Geometry geometry;
    private final String arch;

    X86PteCodec(String arch, Geometry geometry) {
        this.arch = arch;
        this.geometry = geometry;
    }

    @Override
    public long mk(long pfn, long prot) {
        return (geometry.checkPfn(arch, pfn) << geometry.pageShift()) | (prot & ~PTE_PFN_MASK);
    }

    @Override
    public long pfn(long pte) {
        return (pte & PTE_PFN_MASK) >>> geometry.pageShift();
    }

    @Override
    public boolean none(long pte) {
        return (pte & ~KNL_ERRATUM_MASK) == 0;
    }

    @Override
    public boolean present(long pte) {
        return (pte & (PRESENT | PROTNONE)) != 0;
    }

    @Override
    public boolean protnone(long pte) {
        return (pte & (PRESENT | PROTNONE)) == PROTNONE;
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
        return (pte & RW) != 0;
    }

    @Override
    public long mkwrite(long pte) {
        return pte | RW;
    }

    @Override
    public long wrprotect(long pte) {
        return pte & ~RW;
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
        return a == b;
    }
}
