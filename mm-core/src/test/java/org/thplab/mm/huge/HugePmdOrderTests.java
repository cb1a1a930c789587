package org.thplab.mm.huge;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.*;
import static org.mockito.Mockito.*;
import static org.thplab.mm.Process.*;

import org.mockito.InOrder;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdTable;
import org.thplab.mm.Access;
import org.thplab.mm.Kernel;
import org.thplab.mm.MmInternals;
import org.thplab.mm.OnEveryArchitecture;
import org.thplab.mm.Process;
import org.thplab.mm.TeamTestFs;
import org.thplab.mm.TestKernel;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * The order of calls into the Architecture on every path that clears a huge PMD: cleared
 * before withdrawn, deposited before set. Verified with a Mockito spy that delegates to the
 * real architecture, and the raced paths of map_team_by_pmd forced deterministically.
 */
class HugePmdOrderTests {
    private Architecture arch;
    private Kernel kernel;
    private long pmd;
    private long base;

    private Process boot(TestKernel k) {
        Architecture real = k.architecture();
        arch = mock(Architecture.class, delegatesTo(real));
        kernel = k.bootKernel(arch, 128L << 20, java.util.List.of(), null);
        pmd = real.geometry().pmdSize();
        base = 8 * pmd;
        return kernel.spawn();
    }

    private TeamTestFs teamMapped(Process p, boolean shared) {
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        fs.mmap(p, base, 2 * pmd, PROT_READ | PROT_WRITE, shared, 0);
        p.load(base);
        assertEquals(pmd, p.smaps(base, pmd).shmemPmdMapped());
        clearInvocations(arch);
        return fs;
    }

    private PmdTableImpl table(Process p) {
        return MmInternals.mm(p).pageTables().pmdTable(base);
    }

    @OnEveryArchitecture
    void mapTeamByPmdDepositsBeforeItSetsThePmd(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        fs.mmap(p, base, pmd, PROT_READ, true, 0);
        p.load(base);
        InOrder order = inOrder(arch);
        order.verify(arch).pgtableTransHugeDeposit(any(), eq(base), any(), any());
        order.verify(arch).setPmdAt(any(), eq(base), any(), anyLong());
        order.verify(arch).updateMmuCachePmd(any(), eq(base), any());
        kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void zapClearsBeforeItWithdraws(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = teamMapped(p, true);
        p.munmap(base, pmd);
        InOrder order = inOrder(arch);
        order.verify(arch).pmdpHugeGetAndClearFull(any(), eq(base), any(), anyBoolean());
        order.verify(arch).pgtableTransHugeWithdraw(any(), eq(base), any());
        kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void remapClearsBeforeItWithdrawsAndPopulates(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = teamMapped(p, true);
        p.mprotect(base + pmd / 2, pmd / 2, PROT_READ);
        InOrder order = inOrder(arch);
        order.verify(arch).pmdpHugeClearFlush(any(), eq(base), any());
        order.verify(arch).pgtableTransHugeWithdraw(any(), eq(base), any());
        order.verify(arch).pmdPopulate(any(), eq(base), any(), any());
        kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void unmapTeamByPmdClearsBeforeItWithdraws(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = teamMapped(p, true);
        HugeMemory huge = MmInternals.huge(kernel);
        long head = arch.pmd().pfn(table(p).get(arch.geometry().pmdIndex(base)));
        MmStruct mm = MmInternals.mm(p);
        assertTrue(MmInternals.machine(kernel).map.trylockPage(head));
        assertTrue(TeamReclaim.unmapTeamByPmd(huge.team(), mm, mm.vmas().find(base), table(p), base, head));
        MmInternals.machine(kernel).map.unlockPage(head);
        InOrder order = inOrder(arch);
        order.verify(arch).pmdpHugeClearFlush(any(), eq(base), any());
        order.verify(arch).pgtableTransHugeWithdraw(any(), eq(base), any());
        assertEquals(0, p.smaps(base, pmd).rss());
        kernel.check();
        assertEquals(Access.OK, p.store(base, 1), "and the next fault maps it again");
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void moveClearsTheOldSlotBeforeMovingTheDeposit(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = teamMapped(p, true);
        MmStruct mm = MmInternals.mm(p);
        PmdTableImpl from = table(p);
        PmdTableImpl to = mm.pageTables().pmdTable(base + pmd);
        mm.mmapLock().writeLock().lock();
        try {
            assertTrue(MmInternals.huge(kernel).moveHugePmd(mm, from, base, to, base + pmd));
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
        InOrder order = inOrder(arch);
        order.verify(arch).pmdpHugeGetAndClear(any(), eq(base), any());
        if (arch.pmdMoveMustWithdraw(arch.pmdLockptr(mm, to), arch.pmdLockptr(mm, from))) {
            order.verify(arch).pgtableTransHugeWithdraw(any(), eq(base), any());
            order.verify(arch).pgtableTransHugeDeposit(any(), eq(base + pmd), any(), any());
        }
        order.verify(arch).setPmdAt(any(), eq(base + pmd), any(), anyLong());
        kernel.check();
        assertEquals(pmd, p.smaps(base + pmd, pmd).shmemPmdMapped(), "the PMD lives at its new address");
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mapTeamByPmdBacksOffWhenTheSlotFillsBeforeItTakesTheLock(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        fs.mmap(p, base, pmd, PROT_READ | PROT_WRITE, true, 0);
        MmStruct mm = MmInternals.mm(p);
        // Another thread maps a small page of the extent between the check and pmd_lock (raced1).
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        doAnswer(inv -> {
            PmdTable t = inv.getArgument(1);
            if (fs.huge && arch.pmd().none(t.get(arch.geometry().pmdIndex(base))) && raced.compareAndSet(false, true)) {
                fs.huge = false;
                Thread other = new Thread(() -> p.store(base + 2 * arch.geometry().pageSize(), 3));
                other.start();
                other.join();
            }
            return inv.callRealMethod();
        }).when(arch).pmdLockptr(any(Mm.class), any(PmdTable.class));
        long freeBefore = kernel.freeFrames();
        assertEquals(Access.OK, p.store(base, 1));
        reset(arch);
        assertEquals(0, p.smaps(base, pmd).shmemPmdMapped(), "the racing small mapping won");
        assertEquals(3, p.load(base + 2 * arch.geometry().pageSize()).value());
        assertEquals(1, p.load(base).value(), "the fault retried through the PTE path");
        kernel.check();
        assertTrue(kernel.freeFrames() <= freeBefore);
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mapTeamByPmdReleasesTheHeadWhenTheSlotIsAlreadyTaken(TestKernel k) {
        Process p = boot(k);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        fs.huge = false;
        fs.mmap(p, base, pmd, PROT_READ | PROT_WRITE, true, 0);
        p.load(base); // a PTE table now sits in the slot
        MmStruct mm = MmInternals.mm(p);
        long head = fs.file.cache().find(0);
        int refs = MmInternals.machine(kernel).map.refcount(head);
        assertTrue(MmInternals.machine(kernel).map.trylockPage(head));
        MmInternals.machine(kernel).map.addRefcount(head, 1); // the fault handler's reference
        int r = MmInternals.huge(kernel).team().mapTeamByPmd(mm, mm.vmas().find(base), table(p), base, head);
        assertEquals(org.thplab.mm.memory.Fault.DONE, r, "raced2");
        assertFalse(MmInternals.machine(kernel).map.test(head, org.thplab.mm.page.PageFlags.LOCKED), "unlocked");
        assertEquals(refs, MmInternals.machine(kernel).map.refcount(head), "the handler's reference dropped");
        kernel.check();
        k.assertAllMemoryBack(fs, p);
    }
}
