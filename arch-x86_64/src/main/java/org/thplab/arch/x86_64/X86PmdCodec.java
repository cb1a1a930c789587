package org.thplab.arch.x86_64;

import static org.thplab.arch.x86_64.X86Bits.*;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;

/**
 * x86_64 PMD entries (arch/x86/include/asm/pgtable.h, v4.8): PSE marks a huge leaf; the
 * access, dirty and write bits are the PTE's (pmd_set_flags/pmd_clear_flags).
 */
final class X86PmdCodec implements PmdCodec {
    private final Geometry geometry;
    private final String arch;
    private final X86PteCodec pte;

    X86PmdCodec(String arch, Geometry geometry, X86PteCodec pte) {
        this.arch = arch;
        this.geometry = geometry;
        this.pte = pte;
    }

    @Override
    public long mkHuge(long pfn, long prot) {
        geometry.checkPfn(arch, pfn);
        if ((pfn & (geometry.hpagePmdNr() - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: pfn %#x of a huge PMD must be a multiple of %d (HPAGE_PMD_NR)", arch, pfn,
                    geometry.hpagePmdNr()));
        }
        return (pfn << geometry.pageShift()) | (prot & ~PTE_PFN_MASK) | PSE;
    }

    @Override
    public long mkhuge(long pmd) {
        return pmd | PSE;
    }

    @Override
    public long mkTable(long tablePhysAddress) {
        if ((tablePhysAddress & ~PTE_PFN_MASK) != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: PTE table address %#x must be 4 KiB aligned and below 2^%d", arch, tablePhysAddress,
                    PHYSICAL_MASK_SHIFT));
        }
        return tablePhysAddress | PAGE_TABLE;
    }

    @Override
    public long tableAddress(long pmd) {
        return pmd & PTE_PFN_MASK;
    }

    @Override
    public long pfn(long pmd) {
        long mask = (pmd & PSE) != 0 ? PMD_PAGE_PFN_MASK : PTE_PFN_MASK;
        return (pmd & mask) >>> geometry.pageShift();
    }

    @Override
    public boolean none(long pmd) {
        return (pmd & ~KNL_ERRATUM_MASK) == 0;
    }

    @Override
    public boolean present(long pmd) {
        // PSE included: a huge PMD invalidated during split still counts as present.
        return (pmd & (PRESENT | PROTNONE | PSE)) != 0;
    }

    @Override
    public boolean transHuge(long pmd) {
        return (pmd & (PSE | DEVMAP)) == PSE;
    }

    @Override
    public boolean protnone(long pmd) {
        return pte.protnone(pmd);
    }

    @Override
    public boolean young(long pmd) {
        return pte.young(pmd);
    }

    @Override
    public long mkyoung(long pmd) {
        return pte.mkyoung(pmd);
    }

    @Override
    public long mkold(long pmd) {
        return pte.mkold(pmd);
    }

    @Override
    public boolean dirty(long pmd) {
        return pte.dirty(pmd);
    }

    @Override
    public long mkdirty(long pmd) {
        return pte.mkdirty(pmd);
    }

    @Override
    public long mkclean(long pmd) {
        return pte.mkclean(pmd);
    }

    @Override
    public boolean write(long pmd) {
        return pte.write(pmd);
    }

    @Override
    public long mkwrite(long pmd) {
        return pte.mkwrite(pmd);
    }

    @Override
    public long wrprotect(long pmd) {
        return pte.wrprotect(pmd);
    }

    @Override
    public long mknotpresent(long pmd) {
        return pmd & ~(PRESENT | PROTNONE);
    }

    @Override
    public long mksoftDirty(long pmd) {
        return pmd | SOFT_DIRTY;
    }

    @Override
    public long modify(long pmd, long prot) {
        return (pmd & HPAGE_CHG_MASK) | (prot & ~HPAGE_CHG_MASK);
    }

    @Override
    public boolean same(long a, long b) {
        return a == b;
    }
}
