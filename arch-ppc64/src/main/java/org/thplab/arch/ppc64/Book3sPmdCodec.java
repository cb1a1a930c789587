package org.thplab.arch.ppc64;

import static org.thplab.arch.ppc64.Book3sBits.*;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;

/**
 * book3s64 PMD entries: a leaf PMD is a PTE value (pmd_pte/pte_pmd), an empty entry is
 * zero, and a table pointer is the table's physical address with the MMU's table bits.
 */
final class Book3sPmdCodec implements PmdCodec {
    private final String arch;
    private final Geometry geometry;
    private final Book3sPteCodec pte;
    private final long hugeBits;
    private final long tablePointerBits;

    /**
     * @param hugeBits         what pmd_mkhuge() sets and pmd_trans_huge() requires
     * @param tablePointerBits PMD_VAL_BITS of a table pointer
     */
    Book3sPmdCodec(String arch, Geometry geometry, Book3sPteCodec pte, long hugeBits, long tablePointerBits) {
        this.arch = arch;
        this.geometry = geometry;
        this.pte = pte;
        this.hugeBits = hugeBits;
        this.tablePointerBits = tablePointerBits;
    }

    @Override
    public long mkHuge(long pfn, long prot) {
        geometry.checkPfn(arch, pfn);
        if ((pfn & (geometry.hpagePmdNr() - 1)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: pfn %#x of a huge PMD must be a multiple of %d (HPAGE_PMD_NR)", arch, pfn,
                    geometry.hpagePmdNr()));
        }
        return mkhuge(pte.mk(pfn, prot));
    }

    @Override
    public long mkhuge(long pmd) {
        return pmd | hugeBits;
    }

    @Override
    public long mkTable(long tablePhysAddress) {
        if ((tablePhysAddress & (geometry.pteTableBytes() - 1)) != 0
                || tablePhysAddress >>> PHYSICAL_ADDRESS_BITS != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: PTE table address %#x must be aligned to %d bytes and below 2^%d", arch, tablePhysAddress,
                    geometry.pteTableBytes(), PHYSICAL_ADDRESS_BITS));
        }
        return tablePhysAddress | tablePointerBits;
    }

    @Override
    public long tableAddress(long pmd) {
        return pmd & ~TABLE_POINTER_FLAGS;
    }

    @Override
    public long pfn(long pmd) {
        return pte.pfn(pmd);
    }

    @Override
    public boolean none(long pmd) {
        return pmd == 0;
    }

    @Override
    public boolean present(long pmd) {
        // Any non-empty entry: an invalidated huge PMD (PRESENT cleared) is still present.
        return pmd != 0;
    }

    @Override
    public boolean transHuge(long pmd) {
        return (pmd & hugeBits) == hugeBits;
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
        return pmd & ~PRESENT;
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
        return pte.same(a, b);
    }
}
