package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.ArchitectureContractException;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * The lock flags and what follows from them: pmd_lockptr and pte_lockptr give a table's
 * own lock where locks are split (USE_SPLIT_PMD_PTLOCKS, USE_SPLIT_PTE_PTLOCKS) and
 * {@code mm->page_table_lock} where they are not, and deposit and withdraw refuse to run
 * without the PMD lock.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface LockContract extends ArchitectureContract {

    @Test
    default void lockChoiceFollowsSplitFlags() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable a = f.mm.newPmdTable();
        PmdTable b = f.mm.newPmdTable();
        PteTable t = f.mm.newPteTable();
        if (f.arch.splitPmdPtlocks()) {
            assertNotSame(f.arch.pmdLockptr(f.mm, a), f.arch.pmdLockptr(f.mm, b), "split PMD locks differ per table");
            assertSame(a.ptlock(), f.arch.pmdLockptr(f.mm, a));
        } else {
            assertSame(f.mm.pageTableLock(), f.arch.pmdLockptr(f.mm, a), "without split PMD locks: page_table_lock");
            assertSame(f.mm.pageTableLock(), f.arch.pmdLockptr(f.mm, b));
        }
        assertSame(f.arch.splitPtePtlocks() ? t.ptlock() : f.mm.pageTableLock(), f.arch.pteLockptr(f.mm, t));
    }

    @Test
    default void depositAndWithdrawNeedThePmdLock() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long addr = f.g.pmdSize();
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> f.arch.pgtableTransHugeDeposit(f.mm, addr, table, f.mm.newPteTable()), "deposit without the lock");
        assertEquals(f.arch.name(), e.architecture());
        f.locked(table, () -> f.arch.pgtableTransHugeDeposit(f.mm, addr, table, f.mm.newPteTable()));
        assertThrows(ArchitectureContractException.class, () -> f.arch.pgtableTransHugeWithdraw(f.mm, addr, table),
                "withdraw without the lock");
    }
}
