package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.ArchitectureContractException;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * The orders in which generic code clears, withdraws, splits, moves and collapses a PMD
 * slot, each run as mm/huge_memory.c and mm/khugepaged.c run it: zap clears then withdraws,
 * clear_flush flushes the huge range, an anonymous split prepares, withdraws, invalidates
 * and populates, mremap takes the deposit along when pmd_move_must_withdraw says so, and
 * collapse_flush empties a table pointer but refuses a huge PMD.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface HugePmdOrderContract extends ArchitectureContract {

    @Test
    default void zapOrderClearsThenWithdraws() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long haddr = f.slotAddress(2);
        long v = f.installHuge(table, haddr, 0);
        f.locked(table, () -> {
            long old = f.arch.pmdpHugeGetAndClearFull(f.mm, haddr, table, false);
            assertTrue(f.pmd.same(v, old), "get_and_clear returns what was installed");
            assertTrue(f.pmd.none(table.get(f.g.pmdIndex(haddr))), "slot empty after get_and_clear");
            f.assertTableEmpty(f.arch.pgtableTransHugeWithdraw(f.mm, haddr, table));
        });
        assertEquals(0, f.countDeposited(List.of(table)));
    }

    @Test
    default void clearFlushFlushesTheHugeRange() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long haddr = f.slotAddress(3);
        f.installHuge(table, haddr, 1);
        f.mm.clearEvents();
        f.locked(table, () -> {
            f.arch.pmdpHugeClearFlush(f.mm, haddr, table);
            f.arch.pgtableTransHugeWithdraw(f.mm, haddr, table);
        });
        assertTrue(f.mm.events().contains(new KitMm.Event(ArchEvent.FLUSH_PMD_TLB_RANGE, haddr,
                haddr + f.g.pmdSize())), () -> "clear_flush should flush [haddr, haddr + PMD size): " + f.mm.events());
        assertThrows(ArchitectureContractException.class,
                () -> f.locked(table, () -> f.arch.pmdpHugeClearFlush(f.mm, haddr, table)),
                "clear_flush of an empty slot");
    }

    @Test
    default void anonymousSplitOrderPreparesWithdrawsInvalidatesPopulates() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long haddr = f.slotAddress(1);
        int i = f.g.pmdIndex(haddr);
        f.installHuge(table, haddr, 2);
        f.mm.clearEvents();
        f.locked(table, () -> {
            f.arch.pmdpHugeSplitPrepare(f.mm, haddr, table);
            assertTrue(f.pmd.transHuge(table.get(i)), "still huge after split_prepare");
            PteTable pgtable = f.arch.pgtableTransHugeWithdraw(f.mm, haddr, table);
            f.arch.pmdpInvalidate(f.mm, haddr, table);
            long inv = table.get(i);
            assertTrue(f.pmd.present(inv) && f.pmd.transHuge(inv), "invalidated PMD stays present and huge");
            f.arch.pmdPopulate(f.mm, haddr, table, pgtable);
            long now = table.get(i);
            assertFalse(f.pmd.transHuge(now), "populated slot points to a table");
            assertEquals(pgtable.physAddress(), f.pmd.tableAddress(now));
        });
        assertTrue(f.mm.events().stream().anyMatch(e -> e.event() == ArchEvent.PMD_SPLIT_PREPARE),
                () -> "split_prepare should be observable: " + f.mm.events());
        assertTrue(f.mm.events().stream().anyMatch(e -> e.event() == ArchEvent.FLUSH_PMD_TLB_RANGE),
                () -> "invalidate should flush the huge range: " + f.mm.events());
    }

    @Test
    default void moveTakesTheDepositAlongWhenItMust() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable oldTable = f.mm.newPmdTable();
        PmdTable otherTable = f.mm.newPmdTable();
        // Within one PMD table, and from one PMD table to another.
        moveHugePmd(f, oldTable, f.slotAddress(1), oldTable, f.slotAddress(2));
        moveHugePmd(f, oldTable, f.slotAddress(3), otherTable, f.slotAddress(f.g.ptrsPerPmd() + 3));
        assertEquals(0, f.countDeposited(List.of(oldTable, otherTable)), "nothing left deposited");
    }

    /** move_huge_pmd() as mremap runs it, then a zap at the new place: the deposit must be there. */
    private static void moveHugePmd(KitFixture f, PmdTable oldTable, long oldAddr, PmdTable newTable, long newAddr) {
        long v = f.installHuge(oldTable, oldAddr, 4);
        ReentrantLock oldPtl = f.arch.pmdLockptr(f.mm, oldTable);
        ReentrantLock newPtl = f.arch.pmdLockptr(f.mm, newTable);
        oldPtl.lock();
        newPtl.lock();
        try {
            long moved = f.arch.pmdpHugeGetAndClear(f.mm, oldAddr, oldTable);
            if (f.arch.pmdMoveMustWithdraw(newPtl, oldPtl)) {
                PteTable pgtable = f.arch.pgtableTransHugeWithdraw(f.mm, oldAddr, oldTable);
                f.arch.pgtableTransHugeDeposit(f.mm, newAddr, newTable, pgtable);
            }
            f.arch.setPmdAt(f.mm, newAddr, newTable, f.pmd.mksoftDirty(moved));
            assertEquals(f.pmd.pfn(v), f.pmd.pfn(newTable.get(f.g.pmdIndex(newAddr))));
            // The moved PMD must be zappable at its new place: clear, then withdraw there.
            f.arch.pmdpHugeGetAndClear(f.mm, newAddr, newTable);
            f.assertTableEmpty(f.arch.pgtableTransHugeWithdraw(f.mm, newAddr, newTable));
        } finally {
            newPtl.unlock();
            oldPtl.unlock();
        }
    }

    @Test
    default void collapseFlushEmptiesATablePointerAndRefusesHugePmds() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long haddr = f.slotAddress(6);
        PteTable pgtable = f.mm.newPteTable();
        f.mm.clearEvents();
        f.locked(table, () -> {
            f.arch.pmdPopulate(f.mm, haddr, table, pgtable);
            long old = f.arch.pmdpCollapseFlush(f.mm, haddr, table);
            assertEquals(pgtable.physAddress(), f.pmd.tableAddress(old), "collapse_flush returns the table pointer");
            assertTrue(f.pmd.none(table.get(f.g.pmdIndex(haddr))), "slot empty after collapse_flush");
        });
        assertTrue(f.mm.events().contains(new KitMm.Event(ArchEvent.FLUSH_TLB_RANGE, haddr, haddr + f.g.pmdSize())),
                () -> "collapse_flush flushes the base-page TLB of the extent: " + f.mm.events());
        f.installHuge(table, haddr, 7);
        assertThrows(ArchitectureContractException.class,
                () -> f.locked(table, () -> f.arch.pmdpCollapseFlush(f.mm, haddr, table)),
                "collapse_flush of a huge PMD");
    }
}
