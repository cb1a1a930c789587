package org.thplab.arch.ppc64;

import static org.thplab.arch.ppc64.Book3sBits.*;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.ArchRules;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * ppc64 book3s64 with the hash MMU and 64 KiB pages (Linux 4.8): 16 MiB huge PMDs of 256
 * pages, PMD tables of 32 entries followed by a shadow half of 32 deposit slots.
 *
 * <p>The deposited table of a huge PMD is where the hash fault handler records the hash
 * entries of the huge page, so the table must stay deposited for as long as the PMD is
 * huge: it is cleared while still deposited (clearing flushes the hash entries through
 * it), withdrawn afterwards, and a move always takes it along. The one exception is the
 * anonymous split, which first marks the PMD with pmdp_huge_split_prepare(). Breaking
 * these rules raises {@link org.thplab.api.arch.ArchitectureContractException}.
 */
@ServiceProvider(value = Architecture.class, attribute = "arch.name=ppc64")
public final class Ppc64Hash extends Book3s64 {

    /** The name users choose at launch. */
    public static final String NAME = "ppc64";

    private static final Geometry GEOMETRY = new Geometry(16, 24, 29, 34, 256, 32, 32, 4096,
            4096, 16, 512, PHYSICAL_ADDRESS_BITS, 46);

    /** The ServiceLoader constructor. */
    public Ppc64Hash() {
        super(NAME, GEOMETRY, HPTEFLAGS, HPTEFLAGS, PTE | H_THP_HUGE, 0L);
    }

    @Override
    public String description() {
        return "ppc64 book3s64, hash MMU: 64 KiB pages, 16 MiB huge PMDs, deposit in the PMD table's shadow half,"
                + " one PMD lock per mm (Linux 4.8)";
    }

    @Override
    void hpteDoHugepageFlush(Mm mm, long addr, PmdTable table) {
        // flush_hash_hugepage() walks the slot array kept in the deposited table; with none
        // deposited (after the split's withdraw) there is nothing left to flush.
        if (table.depositSlot(GEOMETRY.pmdIndex(addr)) != null) {
            long haddr = addr & GEOMETRY.pmdMask();
            mm.archEvent(ArchEvent.HPTE_FLUSH, haddr, haddr + GEOMETRY.pmdSize());
        }
    }

    /** set_pmd_at(): a huge PMD may only appear over a deposited table (the hash fault path needs it). */
    @Override
    public void setPmdAt(Mm mm, long addr, PmdTable table, long value) {
        if (table.depositSlot(GEOMETRY.pmdIndex(addr)) == null) {
            throw ArchRules.violation(this, "set_pmd_at", addr,
                    "no page table deposited for the new huge PMD; expected pgtable_trans_huge_deposit first");
        }
        super.setPmdAt(mm, addr, table, value);
    }

    /** pmdp_huge_get_and_clear(): flushes the hash entries and zeroes the deposited table. */
    @Override
    public long pmdpHugeGetAndClear(Mm mm, long addr, PmdTable table) {
        PteTable deposited = table.depositSlot(GEOMETRY.pmdIndex(addr));
        if (deposited == null) {
            throw ArchRules.violation(this, "pmdp_huge_get_and_clear", addr,
                    "no page table deposited for this huge PMD: ppc64 hash flushes the hash entries through it,"
                            + " so clear the PMD before withdrawing");
        }
        long old = super.pmdpHugeGetAndClear(mm, addr, table);
        deposited.clear();
        return old;
    }

    /**
     * pmdp_invalidate(): with no table deposited, only allowed after pmdp_huge_split_prepare()
     * (which set _PAGE_PRIVILEGED and already flushed the hash entries).
     */
    @Override
    public void pmdpInvalidate(Mm mm, long addr, PmdTable table) {
        int i = GEOMETRY.pmdIndex(addr);
        if (table.depositSlot(i) == null && (table.get(i) & PRIVILEGED) == 0) {
            throw ArchRules.violation(this, "pmdp_invalidate", addr,
                    "no page table deposited and the PMD was not split-prepared;"
                            + " expected pmdp_huge_split_prepare before the withdraw");
        }
        super.pmdpInvalidate(mm, addr, table);
    }

    /** pmdp_huge_split_prepare(): sets _PAGE_PRIVILEGED, so the hash fast path bails and the hash entries go now. */
    @Override
    public void pmdpHugeSplitPrepare(Mm mm, long addr, PmdTable table) {
        pmdHugepageUpdate(mm, addr, table, 0L, PRIVILEGED);
        super.pmdpHugeSplitPrepare(mm, addr, table);
    }

    /** pgtable_trans_huge_deposit(): into the shadow slot of this very PMD entry. */
    @Override
    public void pgtableTransHugeDeposit(Mm mm, long addr, PmdTable table, PteTable pgtable) {
        ArchRules.requirePmdLock(this, "pgtable_trans_huge_deposit", mm, addr, table);
        int i = GEOMETRY.pmdIndex(addr);
        PteTable present = table.depositSlot(i);
        if (present != null) {
            throw ArchRules.violation(this, "pgtable_trans_huge_deposit", addr, String.format(
                    "the deposit slot already holds the table at %#x; expected an empty slot",
                    present.physAddress()));
        }
        table.setDepositSlot(i, pgtable);
    }

    /** pgtable_trans_huge_withdraw(): empties the slot and zeroes the whole table (it held hash slot bytes). */
    @Override
    public PteTable pgtableTransHugeWithdraw(Mm mm, long addr, PmdTable table) {
        ArchRules.requirePmdLock(this, "pgtable_trans_huge_withdraw", mm, addr, table);
        int i = GEOMETRY.pmdIndex(addr);
        PteTable pgtable = table.depositSlot(i);
        if (pgtable == null) {
            throw ArchRules.violation(this, "pgtable_trans_huge_withdraw", addr,
                    "the deposit slot is empty; expected a table deposited for this PMD");
        }
        table.setDepositSlot(i, null);
        pgtable.clear();
        return pgtable;
    }

    /** pmd_move_must_withdraw(): always, since the deposit belongs to the slot, not to a lock. */
    @Override
    public boolean pmdMoveMustWithdraw(ReentrantLock newPtl, ReentrantLock oldPtl) {
        return true;
    }

    @Override
    public void forEachDeposited(Mm mm, Iterable<? extends PmdTable> pmdTables, Consumer<PteTable> action) {
        for (PmdTable table : pmdTables) {
            for (int i = 0, n = table.size(); i < n; i++) {
                PteTable pgtable = table.depositSlot(i);
                if (pgtable != null) {
                    action.accept(pgtable);
                }
            }
        }
    }
}
