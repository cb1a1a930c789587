package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.ArchitectureContractException;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * pgtable_trans_huge_deposit and pgtable_trans_huge_withdraw: every deposited table comes
 * back exactly once and empty, in whatever order the architecture keeps them; withdrawing
 * with nothing deposited is a contract violation naming the architecture, the function and
 * the address; and seeded random sequences over several PMD tables keep every table.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface DepositWithdrawContract extends ArchitectureContract {

    @Test
    default void everyDepositedTableComesBackOnceAndEmpty() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        int n = Math.min(8, f.g.ptrsPerPmd());
        Set<PteTable> deposited = KitFixture.identitySet();
        f.locked(table, () -> {
            for (int i = 0; i < n; i++) {
                PteTable t = f.mm.newPteTable();
                deposited.add(t);
                f.arch.pgtableTransHugeDeposit(f.mm, f.slotAddress(i), table, t);
            }
        });
        assertEquals(n, f.countDeposited(List.of(table)), "forEachDeposited after deposits");
        Set<PteTable> withdrawn = KitFixture.identitySet();
        f.locked(table, () -> {
            for (int i = n - 1; i >= 0; i--) {
                PteTable t = f.arch.pgtableTransHugeWithdraw(f.mm, f.slotAddress(i), table);
                assertNotNull(t, "withdraw returned null");
                assertTrue(deposited.contains(t), "withdraw returned a table that was never deposited: " + t);
                assertTrue(withdrawn.add(t), "withdraw returned the same table twice: " + t);
                f.assertTableEmpty(t);
            }
        });
        assertEquals(0, f.countDeposited(List.of(table)), "forEachDeposited after withdrawing all");
    }

    @Test
    default void withdrawWithNothingDepositedIsAContractViolation() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long addr = f.slotAddress(1);
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> f.locked(table, () -> f.arch.pgtableTransHugeWithdraw(f.mm, addr, table)));
        assertTrue(e.getMessage().contains(f.arch.name()) && e.getMessage().contains("withdraw")
                && e.getMessage().contains("expected"), () -> "message should name the architecture, the function and"
                        + " what was expected: " + e.getMessage());
        assertEquals(addr, e.address());
    }

    @Test
    default void randomDepositAndWithdrawSequencesKeepEveryTable() {
        Architecture arch = architectureUnderTest();
        SeededRuns.run(0x7ab1e5L, random -> {
            KitFixture f = new KitFixture(arch);
            List<PmdTable> tables = List.of(f.mm.newPmdTable(), f.mm.newPmdTable(), f.mm.newPmdTable());
            // What generic code guarantees: one deposit per huge PMD slot at a time.
            Map<Long, PteTable> logical = new HashMap<>();
            Set<PteTable> out = KitFixture.identitySet();
            for (int step = 0; step < 60; step++) {
                int t = random.nextInt(tables.size());
                int slot = random.nextInt(Math.min(f.g.ptrsPerPmd(), 16));
                PmdTable table = tables.get(t);
                long addr = f.slotAddress(t * f.g.ptrsPerPmd() + slot);
                if (logical.containsKey(addr)) {
                    PteTable got = f.lockedGet(table, () -> f.arch.pgtableTransHugeWithdraw(f.mm, addr, table));
                    logical.remove(addr);
                    assertTrue(out.add(got), "withdrawn twice: " + got);
                    f.assertTableEmpty(got);
                } else {
                    PteTable fresh = f.mm.newPteTable();
                    f.locked(table, () -> f.arch.pgtableTransHugeDeposit(f.mm, addr, table, fresh));
                    logical.put(addr, fresh);
                }
                assertEquals(logical.size(), f.countDeposited(tables), "tables deposited after step " + step);
            }
        });
    }
}
