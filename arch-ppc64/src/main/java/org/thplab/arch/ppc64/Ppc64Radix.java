package org.thplab.arch.ppc64;

import static org.thplab.arch.ppc64.Book3sBits.*;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * ppc64 book3s64 with the radix MMU and 64 KiB pages (Linux 4.8): 2 MiB huge PMDs of 32
 * pages, 4 KiB PTE-table fragments, and one deposit list per mm whose links live in the
 * first two words of each deposited table.
 */
@ServiceProvider(value = Architecture.class, attribute = "arch.name=ppc64-radix")
public final class Ppc64Radix extends Book3s64 {

    /** The name users choose at launch. */
    public static final String NAME = "ppc64-radix";

    /** RADIX_PMD_VAL_BITS for a PTE table: valid bit 63 and the next level's index size (5). */
    private static final long TABLE_POINTER_BITS = PRESENT | 5L;

    private static final Geometry GEOMETRY = new Geometry(16, 21, 30, 39, 32, 512, 512, 8192,
            4096, 16, 4096, PHYSICAL_ADDRESS_BITS, 46);

    /** The ServiceLoader constructor. */
    public Ppc64Radix() {
        super(NAME, GEOMETRY, DIRTY | ACCESSED, 0L, PTE, TABLE_POINTER_BITS);
    }

    @Override
    public String description() {
        return "ppc64 book3s64, radix MMU: 64 KiB pages, 2 MiB huge PMDs, one deposit list and PMD lock per mm"
                + " (Linux 4.8)";
    }

    /** pgtable_trans_huge_deposit(): the table itself serves as the list_head, so its first two words hold links. */
    @Override
    public void pgtableTransHugeDeposit(Mm mm, long addr, PmdTable table, PteTable pgtable) {
        super.pgtableTransHugeDeposit(mm, addr, table, pgtable);
        pgtable.set(0, pgtable.lruNext().physAddress());
        pgtable.set(1, pgtable.lruPrev().physAddress());
    }

    /** pgtable_trans_huge_withdraw(): zeroes the two list words so the table reads as empty PTEs again. */
    @Override
    public PteTable pgtableTransHugeWithdraw(Mm mm, long addr, PmdTable table) {
        PteTable pgtable = super.pgtableTransHugeWithdraw(mm, addr, table);
        pgtable.set(0, 0L);
        pgtable.set(1, 0L);
        return pgtable;
    }

    /** pmd_move_must_withdraw(): never; one list per mm means the table is already where the new PMD looks. */
    @Override
    public boolean pmdMoveMustWithdraw(ReentrantLock newPtl, ReentrantLock oldPtl) {
        return false;
    }
}
