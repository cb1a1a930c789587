package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.ArchitectureContractException;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.PteTable;

/**
 * The conformance kit every {@link Architecture} must pass: extend it in a JUnit 5 test
 * and return the architecture under test from {@link #architecture()}.
 *
 * <p>It checks what generic memory-management code relies on, whatever the bit layout:
 * encode/inspect round trips of every flag over a range of pfns, huge leaves versus table
 * pointers, protections, bad input, deposit and withdraw (each table back exactly once,
 * reading as empty), the lock rules, and the orders in which generic code clears,
 * withdraws, splits and moves huge PMDs.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public abstract class ArchitectureConformanceKit {

    /** Every protection combination protection_map[] has. */
    private static final int[] ALL_VM_FLAGS = {
        0, VM_READ, VM_WRITE, VM_READ | VM_WRITE, VM_EXEC, VM_READ | VM_EXEC, VM_WRITE | VM_EXEC,
        VM_READ | VM_WRITE | VM_EXEC, VM_SHARED, VM_SHARED | VM_READ, VM_SHARED | VM_WRITE,
        VM_SHARED | VM_READ | VM_WRITE, VM_SHARED | VM_EXEC, VM_SHARED | VM_READ | VM_EXEC,
        VM_SHARED | VM_WRITE | VM_EXEC, VM_SHARED | VM_READ | VM_WRITE | VM_EXEC,
    };

    private Architecture arch;
    private Geometry g;
    private PteCodec pte;
    private PmdCodec pmd;
    private KitMm mm;

    /** The architecture under test; may return a new instance on each call. */
    protected abstract Architecture architecture();

    @BeforeEach
    final void setUpKit() {
        arch = architecture();
        g = arch.geometry();
        pte = arch.pte();
        pmd = arch.pmd();
        mm = new KitMm(arch);
    }

    // ------------------------------------------------------------------ identity and geometry

    @Test
    void nameAndDescriptionAreUsable() {
        assertTrue(arch.name().matches("[a-z0-9_][a-z0-9_-]*"), () -> "name '" + arch.name()
                + "' should be a lower-case key of letters, digits, '_' and '-'");
        assertFalse(arch.description().isBlank(), "description");
        assertSame(arch.geometry(), arch.geometry(), "geometry() should return one instance");
        assertSame(arch.pte(), arch.pte(), "pte() should return one instance");
        assertSame(arch.pmd(), arch.pmd(), "pmd() should return one instance");
    }

    @Test
    void onePteTableCoversOnePmdExtent() {
        assertEquals(g.ptrsPerPte(), g.hpagePmdNr(), "a split PMD needs exactly one PTE table");
        assertEquals(g.pmdSize(), g.pageSize() * g.hpagePmdNr());
        long addr = 5 * g.pmdSize() + 7 * g.pageSize();
        assertEquals(7, g.pteIndex(addr));
        assertEquals(5 % g.ptrsPerPmd(), g.pmdIndex(addr));
        assertTrue(arch.hasTransparentHugepage(), "the model needs huge PMDs");
    }

    // ------------------------------------------------------------------ PTE encodings

    @Test
    void ptePfnRoundTripsUnderEveryProtection() {
        for (long pfn : samplePfns(new Random(1))) {
            for (int flags : ALL_VM_FLAGS) {
                long prot = arch.vmGetPageProt(flags);
                long v = pte.mk(pfn, prot);
                String what = String.format("mk(pfn %#x, flags %#x) = %#x", pfn, flags, v);
                assertEquals(pfn, pte.pfn(v), what + ": pfn");
                assertFalse(pte.none(v), what + ": none");
                assertTrue(pte.present(v), what + ": present");
                assertFalse(pte.special(v), what + ": special");
                assertTrue(pte.same(v, v), what + ": same as itself");
            }
        }
    }

    @Test
    void pteFlagsSetAndClearIndependently() {
        for (long pfn : samplePfns(new Random(2))) {
            for (int flags : ALL_VM_FLAGS) {
                long v = pte.mk(pfn, arch.vmGetPageProt(flags));
                checkFlag("pte young", v, pte::young, pte::mkyoung, pte::mkold, pte::pfn);
                checkFlag("pte dirty", v, pte::dirty, pte::mkdirty, pte::mkclean, pte::pfn);
                checkFlag("pte write", v, pte::write, pte::mkwrite, pte::wrprotect, pte::pfn);
                long special = pte.mkspecial(v);
                assertTrue(pte.special(special), "mkspecial");
                assertEquals(pfn, pte.pfn(special), "mkspecial keeps the pfn");
            }
        }
    }

    @Test
    void protectionMapGivesCopyOnWriteAndProtNone() {
        for (int flags : ALL_VM_FLAGS) {
            long v = pte.mk(42, arch.vmGetPageProt(flags));
            boolean none = (flags & (VM_READ | VM_WRITE | VM_EXEC)) == 0;
            boolean writable = (flags & VM_SHARED) != 0 && (flags & VM_WRITE) != 0;
            String what = String.format("vm_flags %#x -> pte %#x", flags, v);
            assertEquals(none, pte.protnone(v), what + ": protnone");
            assertEquals(writable, pte.write(v), what + ": write (private writes must fault for copy-on-write)");
            assertTrue(pte.present(v), what + ": present, PROT_NONE included");
        }
    }

    @Test
    void pteModifyKeepsPfnYoungDirtySpecial() {
        long rw = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        long ro = arch.vmGetPageProt(VM_SHARED | VM_READ);
        long none = arch.vmGetPageProt(VM_SHARED);
        long v = pte.mkspecial(pte.mkdirty(pte.mkyoung(pte.mk(77, ro))));
        long w = pte.modify(v, rw);
        assertTrue(pte.write(w), "modify to rw: write");
        assertEquals(77, pte.pfn(w), "modify keeps the pfn");
        assertTrue(pte.young(w) && pte.dirty(w) && pte.special(w), "modify keeps young, dirty, special");
        long n = pte.modify(w, none);
        assertTrue(pte.protnone(n) && !pte.write(n), "modify to none: protnone, not writable");
        assertEquals(77, pte.pfn(n));
        assertFalse(pte.protnone(pte.modify(n, ro)), "modify back from none");
    }

    @Test
    void emptyEntriesAreNone() {
        assertTrue(pte.none(0), "pte_none(0)");
        assertTrue(pmd.none(0), "pmd_none(0)");
        assertFalse(pmd.present(0), "pmd_present(0)");
        assertFalse(pmd.transHuge(0), "pmd_trans_huge(0)");
    }

    // ------------------------------------------------------------------ PMD encodings

    @Test
    void hugePmdRoundTripsAndKeepsItsFlags() {
        for (long pfn : sampleHugePfns(new Random(3))) {
            for (int flags : ALL_VM_FLAGS) {
                long v = pmd.mkHuge(pfn, arch.vmGetPageProt(flags));
                String what = String.format("mkHuge(pfn %#x, flags %#x) = %#x", pfn, flags, v);
                assertTrue(pmd.transHuge(v), what + ": trans_huge");
                assertTrue(pmd.present(v), what + ": present");
                assertFalse(pmd.none(v), what + ": none");
                assertEquals(pfn, pmd.pfn(v), what + ": pfn");
                long leaf = pte.mk(pfn, arch.vmGetPageProt(flags));
                assertEquals(pte.young(leaf), pmd.young(v), what + ": young as a PTE of that protection");
                assertEquals(pte.dirty(leaf), pmd.dirty(v), what + ": dirty as a PTE of that protection");
                assertEquals(pte.write(leaf), pmd.write(v), what + ": write as a PTE of that protection");
                assertEquals(pte.protnone(leaf), pmd.protnone(v), what + ": protnone as a PTE of that protection");
                checkFlag("pmd young", v, pmd::young, pmd::mkyoung, pmd::mkold, pmd::pfn);
                checkFlag("pmd dirty", v, pmd::dirty, pmd::mkdirty, pmd::mkclean, pmd::pfn);
                checkFlag("pmd write", v, pmd::write, pmd::mkwrite, pmd::wrprotect, pmd::pfn);
                assertTrue(pmd.transHuge(pmd.mkdirty(pmd.mkold(pmd.wrprotect(v)))), what + ": modifiers keep huge");
                assertTrue(pmd.transHuge(pmd.mksoftDirty(v)), what + ": soft dirty keeps huge");
            }
        }
    }

    @Test
    void invalidatedHugePmdStaysPresentAndHuge() {
        long v = pmd.mkdirty(pmd.mkHuge(g.hpagePmdNr() * 3L, arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE)));
        long inv = pmd.mknotpresent(v);
        assertTrue(pmd.present(inv), "pmd_present after mknotpresent (split relies on it)");
        assertTrue(pmd.transHuge(inv), "pmd_trans_huge after mknotpresent");
        assertFalse(pmd.same(v, inv), "mknotpresent must change the entry");
        assertEquals(pmd.pfn(v), pmd.pfn(inv));
        assertTrue(pmd.dirty(inv), "mknotpresent keeps dirty");
    }

    @Test
    void pmdModifyKeepsPfnYoungDirtyAndHuge() {
        long pfn = g.hpagePmdNr() * 9L;
        long rw = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        long ro = arch.vmGetPageProt(VM_READ);
        long v = pmd.mkdirty(pmd.mkyoung(pmd.mkHuge(pfn, ro)));
        long w = pmd.modify(v, rw);
        assertTrue(pmd.write(w) && pmd.transHuge(w) && pmd.young(w) && pmd.dirty(w), "modify to rw");
        assertEquals(pfn, pmd.pfn(w));
        long n = pmd.modify(w, arch.vmGetPageProt(0));
        assertTrue(pmd.protnone(n) && pmd.transHuge(n) && pmd.present(n) && !pmd.write(n), "modify to none");
        assertFalse(pmd.protnone(pmd.modify(n, ro)), "modify back from none");
    }

    @Test
    void tablePointersAreNotHuge() {
        for (long i : new long[] {1, 2, 3, 1000, 123457}) {
            long addr = i * g.pteTableBytes();
            long v = pmd.mkTable(addr);
            String what = String.format("mkTable(%#x) = %#x", addr, v);
            assertFalse(pmd.transHuge(v), what + ": trans_huge");
            assertTrue(pmd.present(v), what + ": present");
            assertFalse(pmd.none(v), what + ": none");
            assertEquals(addr, pmd.tableAddress(v), what + ": table address");
        }
    }

    @Test
    void mkhugeTurnsALeafIntoAHugePmd() {
        long leaf = pte.mk(g.hpagePmdNr() * 2L, arch.vmGetPageProt(VM_READ));
        assertTrue(pmd.transHuge(pmd.mkhuge(leaf)));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void outOfRangePfnsAreRejectedClearly() {
        long prot = arch.vmGetPageProt(VM_READ);
        for (long bad : new long[] {-1, g.maxPfn() + 1, Long.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pte.mk(bad, prot),
                    () -> "pte mk of pfn " + bad);
            assertTrue(e.getMessage().contains("pfn") && e.getMessage().contains("expected"),
                    () -> "message should name the pfn and what was expected: " + e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pmd.mkHuge(bad & -g.hpagePmdNr(), prot));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pmd.mkHuge(1, prot),
                "a huge PMD of an unaligned pfn");
        assertTrue(e.getMessage().contains(String.valueOf(g.hpagePmdNr())), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> pmd.mkTable(g.pteTableBytes() + 8L),
                "a table pointer to a misaligned address");
    }

    // ------------------------------------------------------------------ locks

    @Test
    void lockChoiceFollowsSplitFlags() {
        PmdTable a = mm.newPmdTable();
        PmdTable b = mm.newPmdTable();
        PteTable t = mm.newPteTable();
        if (arch.splitPmdPtlocks()) {
            assertNotSame(arch.pmdLockptr(mm, a), arch.pmdLockptr(mm, b), "split PMD locks differ per table");
            assertSame(a.ptlock(), arch.pmdLockptr(mm, a));
        } else {
            assertSame(mm.pageTableLock(), arch.pmdLockptr(mm, a), "without split PMD locks: page_table_lock");
            assertSame(mm.pageTableLock(), arch.pmdLockptr(mm, b));
        }
        assertSame(arch.splitPtePtlocks() ? t.ptlock() : mm.pageTableLock(), arch.pteLockptr(mm, t));
    }

    @Test
    void depositAndWithdrawNeedThePmdLock() {
        PmdTable table = mm.newPmdTable();
        long addr = g.pmdSize();
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> arch.pgtableTransHugeDeposit(mm, addr, table, mm.newPteTable()), "deposit without the lock");
        assertEquals(arch.name(), e.architecture());
        locked(table, () -> arch.pgtableTransHugeDeposit(mm, addr, table, mm.newPteTable()));
        assertThrows(ArchitectureContractException.class, () -> arch.pgtableTransHugeWithdraw(mm, addr, table),
                "withdraw without the lock");
    }

    // ------------------------------------------------------------------ deposit and withdraw

    @Test
    void everyDepositedTableComesBackOnceAndEmpty() {
        PmdTable table = mm.newPmdTable();
        int n = Math.min(8, g.ptrsPerPmd());
        Set<PteTable> deposited = identitySet();
        locked(table, () -> {
            for (int i = 0; i < n; i++) {
                PteTable t = mm.newPteTable();
                deposited.add(t);
                arch.pgtableTransHugeDeposit(mm, slotAddress(i), table, t);
            }
        });
        assertEquals(n, countDeposited(List.of(table)), "forEachDeposited after deposits");
        Set<PteTable> withdrawn = identitySet();
        locked(table, () -> {
            for (int i = n - 1; i >= 0; i--) {
                PteTable t = arch.pgtableTransHugeWithdraw(mm, slotAddress(i), table);
                assertNotNull(t, "withdraw returned null");
                assertTrue(deposited.contains(t), "withdraw returned a table that was never deposited: " + t);
                assertTrue(withdrawn.add(t), "withdraw returned the same table twice: " + t);
                assertTableEmpty(t);
            }
        });
        assertEquals(0, countDeposited(List.of(table)), "forEachDeposited after withdrawing all");
    }

    @Test
    void withdrawWithNothingDepositedIsAContractViolation() {
        PmdTable table = mm.newPmdTable();
        long addr = slotAddress(1);
        ArchitectureContractException e = assertThrows(ArchitectureContractException.class,
                () -> locked(table, () -> arch.pgtableTransHugeWithdraw(mm, addr, table)));
        assertTrue(e.getMessage().contains(arch.name()) && e.getMessage().contains("withdraw")
                && e.getMessage().contains("expected"), () -> "message should name the architecture, the function and"
                        + " what was expected: " + e.getMessage());
        assertEquals(addr, e.address());
    }

    @Test
    void randomDepositAndWithdrawSequencesKeepEveryTable() {
        SeededRuns.run(0x7ab1e5L, random -> {
            KitMm m = new KitMm(arch);
            List<PmdTable> tables = List.of(m.newPmdTable(), m.newPmdTable(), m.newPmdTable());
            // What generic code guarantees: one deposit per huge PMD slot at a time.
            Map<Long, PteTable> logical = new HashMap<>();
            Set<PteTable> out = identitySet();
            for (int step = 0; step < 60; step++) {
                int t = random.nextInt(tables.size());
                int slot = random.nextInt(Math.min(g.ptrsPerPmd(), 16));
                PmdTable table = tables.get(t);
                long addr = ((long) t * g.ptrsPerPmd() + slot) * g.pmdSize();
                long key = addr;
                if (logical.containsKey(key)) {
                    PteTable got = lockedGet(m, table, () -> arch.pgtableTransHugeWithdraw(m, addr, table));
                    logical.remove(key);
                    assertTrue(out.add(got), "withdrawn twice: " + got);
                    assertTableEmpty(got);
                } else {
                    PteTable fresh = m.newPteTable();
                    lockedRun(m, table, () -> arch.pgtableTransHugeDeposit(m, addr, table, fresh));
                    logical.put(key, fresh);
                }
                int[] count = {0};
                arch.forEachDeposited(m, tables, x -> count[0]++);
                assertEquals(logical.size(), count[0], "tables deposited after step " + step);
            }
        });
    }

    // ------------------------------------------------------------------ slot operations and their orders

    @Test
    void zapOrderClearsThenWithdraws() {
        PmdTable table = mm.newPmdTable();
        long haddr = slotAddress(2);
        long v = installHuge(table, haddr, 0);
        locked(table, () -> {
            long old = arch.pmdpHugeGetAndClearFull(mm, haddr, table, false);
            assertTrue(pmd.same(v, old), "get_and_clear returns what was installed");
            assertTrue(pmd.none(table.get(g.pmdIndex(haddr))), "slot empty after get_and_clear");
            assertTableEmpty(arch.pgtableTransHugeWithdraw(mm, haddr, table));
        });
        assertEquals(0, countDeposited(List.of(table)));
    }

    @Test
    void clearFlushFlushesTheHugeRange() {
        PmdTable table = mm.newPmdTable();
        long haddr = slotAddress(3);
        installHuge(table, haddr, 1);
        mm.clearEvents();
        locked(table, () -> {
            arch.pmdpHugeClearFlush(mm, haddr, table);
            arch.pgtableTransHugeWithdraw(mm, haddr, table);
        });
        assertTrue(mm.events().contains(new KitMm.Event(ArchEvent.FLUSH_PMD_TLB_RANGE, haddr, haddr + g.pmdSize())),
                () -> "clear_flush should flush [haddr, haddr + PMD size): " + mm.events());
        assertThrows(ArchitectureContractException.class,
                () -> locked(table, () -> arch.pmdpHugeClearFlush(mm, haddr, table)), "clear_flush of an empty slot");
    }

    @Test
    void anonymousSplitOrderPreparesWithdrawsInvalidatesPopulates() {
        PmdTable table = mm.newPmdTable();
        long haddr = slotAddress(1);
        installHuge(table, haddr, 2);
        mm.clearEvents();
        locked(table, () -> {
            arch.pmdpHugeSplitPrepare(mm, haddr, table);
            assertTrue(pmd.transHuge(table.get(g.pmdIndex(haddr))), "still huge after split_prepare");
            PteTable pgtable = arch.pgtableTransHugeWithdraw(mm, haddr, table);
            arch.pmdpInvalidate(mm, haddr, table);
            long inv = table.get(g.pmdIndex(haddr));
            assertTrue(pmd.present(inv) && pmd.transHuge(inv), "invalidated PMD stays present and huge");
            arch.pmdPopulate(mm, haddr, table, pgtable);
            long now = table.get(g.pmdIndex(haddr));
            assertFalse(pmd.transHuge(now), "populated slot points to a table");
            assertEquals(pgtable.physAddress(), pmd.tableAddress(now));
        });
        assertTrue(mm.events().stream().anyMatch(e -> e.event() == ArchEvent.PMD_SPLIT_PREPARE),
                () -> "split_prepare should be observable: " + mm.events());
        assertTrue(mm.events().stream().anyMatch(e -> e.event() == ArchEvent.FLUSH_PMD_TLB_RANGE),
                () -> "invalidate should flush the huge range: " + mm.events());
    }

    @Test
    void moveTakesTheDepositAlongWhenItMust() {
        PmdTable oldTable = mm.newPmdTable();
        PmdTable otherTable = mm.newPmdTable();
        // Within one PMD table, and from one PMD table to another.
        move(oldTable, slotAddress(1), oldTable, slotAddress(2));
        move(oldTable, slotAddress(3), otherTable, slotAddress(g.ptrsPerPmd() + 3));
        assertEquals(0, countDeposited(List.of(oldTable, otherTable)), "nothing left deposited");
    }

    private void move(PmdTable oldTable, long oldAddr, PmdTable newTable, long newAddr) {
        long v = installHuge(oldTable, oldAddr, 4);
        ReentrantLock oldPtl = arch.pmdLockptr(mm, oldTable);
        ReentrantLock newPtl = arch.pmdLockptr(mm, newTable);
        oldPtl.lock();
        newPtl.lock();
        try {
            long moved = arch.pmdpHugeGetAndClear(mm, oldAddr, oldTable);
            if (arch.pmdMoveMustWithdraw(newPtl, oldPtl)) {
                PteTable pgtable = arch.pgtableTransHugeWithdraw(mm, oldAddr, oldTable);
                arch.pgtableTransHugeDeposit(mm, newAddr, newTable, pgtable);
            }
            arch.setPmdAt(mm, newAddr, newTable, pmd.mksoftDirty(moved));
            assertEquals(pmd.pfn(v), pmd.pfn(newTable.get(g.pmdIndex(newAddr))));
            // The moved PMD must be zappable at its new place: clear, then withdraw there.
            arch.pmdpHugeGetAndClear(mm, newAddr, newTable);
            assertTableEmpty(arch.pgtableTransHugeWithdraw(mm, newAddr, newTable));
        } finally {
            newPtl.unlock();
            oldPtl.unlock();
        }
    }

    @Test
    void wrprotectYoungAndAccessFlagsChangeOnlyTheirBits() {
        PmdTable table = mm.newPmdTable();
        long haddr = slotAddress(5);
        long v = installHuge(table, haddr, 5);
        int i = g.pmdIndex(haddr);
        locked(table, () -> {
            arch.pmdpSetWrprotect(mm, haddr, table);
            assertFalse(pmd.write(table.get(i)), "set_wrprotect clears write");
            assertEquals(pmd.pfn(v), pmd.pfn(table.get(i)));
            assertTrue(pmd.transHuge(table.get(i)));
            assertTrue(arch.pmdpTestAndClearYoung(mm, haddr + g.pageSize(), table), "young was set");
            assertFalse(pmd.young(table.get(i)), "young cleared");
            assertFalse(arch.pmdpClearFlushYoung(mm, haddr, table), "young is already clear");
            long wanted = pmd.mkdirty(pmd.mkyoung(table.get(i)));
            assertTrue(arch.pmdpSetAccessFlags(mm, haddr, table, wanted, true), "set_access_flags changed the slot");
            assertTrue(pmd.young(table.get(i)) && pmd.dirty(table.get(i)), "young and dirty after set_access_flags");
            assertFalse(arch.pmdpSetAccessFlags(mm, haddr, table, table.get(i), true), "nothing left to change");
            arch.pmdpHugeGetAndClear(mm, haddr, table);
            arch.pgtableTransHugeWithdraw(mm, haddr, table);
        });
    }

    @Test
    void collapseFlushEmptiesATablePointerAndRefusesHugePmds() {
        PmdTable table = mm.newPmdTable();
        long haddr = slotAddress(6);
        PteTable pgtable = mm.newPteTable();
        mm.clearEvents();
        locked(table, () -> {
            arch.pmdPopulate(mm, haddr, table, pgtable);
            long old = arch.pmdpCollapseFlush(mm, haddr, table);
            assertEquals(pgtable.physAddress(), pmd.tableAddress(old), "collapse_flush returns the table pointer");
            assertTrue(pmd.none(table.get(g.pmdIndex(haddr))), "slot empty after collapse_flush");
        });
        assertTrue(mm.events().contains(new KitMm.Event(ArchEvent.FLUSH_TLB_RANGE, haddr, haddr + g.pmdSize())),
                () -> "collapse_flush flushes the base-page TLB of the extent: " + mm.events());
        installHuge(table, haddr, 7);
        assertThrows(ArchitectureContractException.class,
                () -> locked(table, () -> arch.pmdpCollapseFlush(mm, haddr, table)), "collapse_flush of a huge PMD");
    }

    @Test
    void mmuCacheHooksAreObservable() {
        PmdTable table = mm.newPmdTable();
        long addr = slotAddress(2) + 3 * g.pageSize();
        mm.clearEvents();
        arch.updateMmuCachePmd(mm, addr, table);
        arch.updateMmuCache(mm, addr);
        arch.flushTlbRange(mm, addr, addr + g.pageSize());
        long haddr = addr & g.pmdMask();
        assertEquals(List.of(new KitMm.Event(ArchEvent.UPDATE_MMU_CACHE_PMD, haddr, haddr + g.pmdSize()),
                new KitMm.Event(ArchEvent.UPDATE_MMU_CACHE, addr, addr + g.pageSize()),
                new KitMm.Event(ArchEvent.FLUSH_TLB_RANGE, addr, addr + g.pageSize())), mm.events());
    }

    // ------------------------------------------------------------------ helpers

    /** Deposits a table and installs a young, dirty, writable huge PMD at {@code haddr}, as a fault does. */
    private long installHuge(PmdTable table, long haddr, int n) {
        long v = pmd.mkwrite(pmd.mkyoung(pmd.mkdirty(pmd.mkHuge((long) g.hpagePmdNr() * (n + 1),
                arch.vmGetPageProt(VM_READ | VM_WRITE)))));
        locked(table, () -> {
            arch.pgtableTransHugeDeposit(mm, haddr, table, mm.newPteTable());
            arch.setPmdAt(mm, haddr, table, v);
            arch.updateMmuCachePmd(mm, haddr, table);
        });
        return v;
    }

    private long slotAddress(int slot) {
        return slot * g.pmdSize();
    }

    private void locked(PmdTable table, Runnable body) {
        lockedRun(mm, table, body);
    }

    private void lockedRun(KitMm m, PmdTable table, Runnable body) {
        ReentrantLock lock = arch.pmdLockptr(m, table);
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    private <T> T lockedGet(KitMm m, PmdTable table, java.util.function.Supplier<T> body) {
        List<T> box = new ArrayList<>(1);
        lockedRun(m, table, () -> box.add(body.get()));
        return box.get(0);
    }

    private int countDeposited(List<PmdTable> tables) {
        int[] count = {0};
        arch.forEachDeposited(mm, tables, t -> count[0]++);
        return count[0];
    }

    private void assertTableEmpty(PteTable t) {
        for (int i = 0; i < t.size(); i++) {
            int index = i;
            assertTrue(pte.none(t.get(i)), () -> String.format("withdrawn %s holds %#x at %d; expected empty PTEs",
                    t, t.get(index), index));
        }
    }

    /** Checks a flag's query, setter and clearer, and that neither touches the pfn. */
    private static void checkFlag(String name, long v, LongPredicate query, LongUnaryOperator set,
                                  LongUnaryOperator clear, LongUnaryOperator pfn) {
        long on = set.applyAsLong(v);
        long off = clear.applyAsLong(v);
        String what = String.format("%s of %#x", name, v);
        assertTrue(query.test(on), what + ": set then query");
        assertFalse(query.test(off), what + ": clear then query");
        assertEquals(pfn.applyAsLong(v), pfn.applyAsLong(on), what + ": set keeps the pfn");
        assertEquals(pfn.applyAsLong(v), pfn.applyAsLong(off), what + ": clear keeps the pfn");
        assertEquals(on, set.applyAsLong(on), what + ": set is idempotent");
        assertEquals(off, clear.applyAsLong(off), what + ": clear is idempotent");
        assertFalse(query.test(clear.applyAsLong(on)), what + ": set then clear");
    }

    private List<Long> samplePfns(Random random) {
        List<Long> pfns = new ArrayList<>(List.of(0L, 1L, 0x1234L, g.maxPfn(), g.maxPfn() - 1));
        for (int i = 0; i < 32; i++) {
            pfns.add((random.nextLong() >>> 1) % (g.maxPfn() + 1));
        }
        return pfns;
    }

    private List<Long> sampleHugePfns(Random random) {
        List<Long> pfns = new ArrayList<>();
        for (long pfn : samplePfns(random)) {
            pfns.add(pfn & -g.hpagePmdNr());
        }
        return pfns;
    }

    private static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
