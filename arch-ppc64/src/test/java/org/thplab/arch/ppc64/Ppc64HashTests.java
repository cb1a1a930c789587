package org.thplab.arch.ppc64;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.ArchitectureContractException;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;
import org.thplab.arch.tck.KitMm;

/** The hash MMU's quirk: the deposit lives in the PMD table's shadow half and must outlive the huge PMD. */
class Ppc64HashTests {
    private static final long HPAGE = 16L << 20;

    private final Ppc64Hash arch = new Ppc64Hash();
    private final KitMm mm = new KitMm(arch);
    private final PmdTable table = mm.newPmdTable();
    private ReentrantLock ptl;

    @BeforeEach
    void lock() {
        ptl = arch.pmdLockptr(mm, table);
        ptl.lock();
    }

    @AfterEach
    void unlock() {
        ptl.unlock();
    }

    @Test
    void geometryIsSixtyFourKilobytePagesAndSixteenMegabytePmds() {
        var g = arch.geometry();
        assertEquals(64 * 1024, g.pageSize());
        assertEquals(HPAGE, g.pmdSize());
        assertEquals(256, g.hpagePmdNr());
        assertEquals(List.of(256, 32, 32, 4096), List.of(g.ptrsPerPte(), g.ptrsPerPmd(), g.ptrsPerPud(), g.ptrsPerPgd()));
        assertEquals(512, g.pmdTableBytes(), "32 entries and 32 deposit slots");
        assertTrue(g.pmdShadowHalf());
        assertEquals(16, g.pteTablesPerPage(), "4 KiB fragments of a 64 KiB page");
    }

    @Test
    void transHugeNeedsTheLeafAndThpHugeBits() {
        long prot = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        assertEquals(0x8000000000000106L, prot, "PAGE_SHARED = PRESENT|ACCESSED|RW");
        long huge = arch.pmd().mkHuge(256, prot);
        assertEquals(0xc000000001002106L, huge, "RPN at bit 16, _PAGE_PTE (62), H_PAGE_THP_HUGE (13)");
        assertTrue(arch.pmd().transHuge(huge));
        assertFalse(arch.pmd().transHuge(huge & ~0x2000L), "a leaf without THP_HUGE is hugetlbfs, not THP");
        assertEquals(0xc000000003450106L, arch.pte().mk(0x345, prot), "pfn << 16, and the _PAGE_PTE set_pte_at adds");
        assertEquals(0x8000000000000108L, arch.vmGetPageProt(0), "PAGE_NONE = PRESENT|ACCESSED|PRIVILEGED");
    }

    @Test
    void pteNoneAndSameIgnoreTheHashBookkeeping() {
        long hpteFlags = 0x800L | 0x1000L | (7L << 57) | (1L << 60) | (1L << 61);
        assertTrue(arch.pte().none(hpteFlags));
        long v = arch.pte().mk(9, arch.vmGetPageProt(VM_READ));
        assertTrue(arch.pte().same(v, v | (1L << 61)));
        assertFalse(arch.pte().same(v, v | 0x80L));
    }

    @Test
    void withdrawReturnsTheTableOfThatSlotAndZeroesIt() {
        PteTable a = mm.newPteTable();
        PteTable b = mm.newPteTable();
        arch.pgtableTransHugeDeposit(mm, 0, table, a);
        arch.pgtableTransHugeDeposit(mm, HPAGE, table, b);
        assertSame(a, table.depositSlot(0));
        a.set(17, 0x1234); // the hash fault handler's slot bytes
        assertSame(b, arch.pgtableTransHugeWithdraw(mm, HPAGE, table));
        assertSame(a, arch.pgtableTransHugeWithdraw(mm, 0, table));
        assertEquals(0, a.get(17), "withdraw zeroes the whole table");
        assertNull(table.depositSlot(0), "and empties the slot");
    }

    @Test
    void depositIntoAFullSlotRaises() {
        arch.pgtableTransHugeDeposit(mm, 0, table, mm.newPteTable());
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.pgtableTransHugeDeposit(mm, 0, table, mm.newPteTable()));
        assertTrue(e.getMessage().startsWith("ppc64: pgtable_trans_huge_deposit at 0x0: the deposit slot already holds"),
                e.getMessage());
    }

    @Test
    void withdrawFromAnEmptySlotRaises() {
        arch.pgtableTransHugeDeposit(mm, 0, table, mm.newPteTable());
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.pgtableTransHugeWithdraw(mm, HPAGE, table), "slot 1 is empty although slot 0 is not");
        assertEquals("ppc64: pgtable_trans_huge_withdraw at 0x1000000: the deposit slot is empty;"
                + " expected a table deposited for this PMD", e.getMessage());
    }

    @Test
    void clearingAHugePmdAfterItsTableWasWithdrawnRaises() {
        installHuge(0);
        arch.pgtableTransHugeWithdraw(mm, 0, table);
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.pmdpHugeGetAndClear(mm, 0, table));
        assertTrue(e.getMessage().contains("clear the PMD before withdrawing"), e.getMessage());
        assertThrows(ArchitectureContractException.class, () -> arch.pmdpHugeClearFlush(mm, 0, table));
    }

    @Test
    void invalidatingWithoutDepositRaisesUnlessSplitPrepared() {
        installHuge(0);
        arch.pgtableTransHugeWithdraw(mm, 0, table);
        assertThrows(ArchitectureContractException.class, () -> arch.pmdpInvalidate(mm, 0, table));

        installHuge(HPAGE);
        arch.pmdpHugeSplitPrepare(mm, HPAGE, table);
        arch.pgtableTransHugeWithdraw(mm, HPAGE, table);
        assertDoesNotThrow(() -> arch.pmdpInvalidate(mm, HPAGE, table), "the anonymous split's order");
    }

    @Test
    void aHugePmdNeedsItsTableDepositedFirst() {
        long v = arch.pmd().mkHuge(256, arch.vmGetPageProt(VM_READ));
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.setPmdAt(mm, 0, table, v));
        assertTrue(e.getMessage().contains("deposit"), e.getMessage());
    }

    @Test
    void clearingFlushesHashEntriesThroughTheDepositAndZeroesIt() {
        installHuge(0);
        PteTable deposited = table.depositSlot(0);
        deposited.set(3, 0x11);
        table.set(0, table.get(0) | (1L << 61)); // H_PAGE_HASHPTE: the hash fault handler ran
        mm.clearEvents();
        arch.pmdpHugeClearFlush(mm, 0, table);
        assertEquals(List.of(ArchEvent.HPTE_FLUSH, ArchEvent.SERIALIZE_AGAINST_PTE_LOOKUP,
                ArchEvent.FLUSH_PMD_TLB_RANGE), mm.events().stream().map(KitMm.Event::event).toList());
        assertEquals(0, deposited.get(3), "get_and_clear zeroes the deposited table");
        assertSame(deposited, table.depositSlot(0), "but leaves it deposited");
    }

    @Test
    void slotOperationsAssertTheMmWidePmdLock() {
        installHuge(0);
        ptl.unlock();
        try {
            assertSame(mm.pageTableLock(), arch.pmdLockptr(mm, table), "one PMD lock per mm");
            assertThrows(ArchitectureContractException.class, () -> arch.pmdpSetWrprotect(mm, 0, table));
        } finally {
            ptl.lock();
        }
    }

    @Test
    void movesAlwaysTakeTheDepositAlong() {
        assertTrue(arch.pmdMoveMustWithdraw(mm.pageTableLock(), mm.pageTableLock()));
    }

    private void installHuge(long haddr) {
        arch.pgtableTransHugeDeposit(mm, haddr, table, mm.newPteTable());
        arch.setPmdAt(mm, haddr, table, arch.pmd().mkHuge(256, arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE)));
    }
}
