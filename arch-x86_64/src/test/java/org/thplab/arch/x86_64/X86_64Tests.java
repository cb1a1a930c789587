package org.thplab.arch.x86_64;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;
import org.thplab.arch.tck.KitMm;
import org.thplab.arch.tck.ServiceDeclarations;

/** What is particular to x86_64: the real bit values, the per-PMD-page pool, the lock rules. */
class X86_64Tests {
    private final X86_64 arch = new X86_64();
    private final KitMm mm = new KitMm(arch);

    @Test
    void geometryIsFourLevelPagingWithTwoMegabytePmds() {
        var g = arch.geometry();
        assertEquals(4096, g.pageSize());
        assertEquals(2L << 20, g.pmdSize());
        assertEquals(512, g.hpagePmdNr());
        assertEquals(9, g.hpagePmdOrder());
        assertEquals(List.of(512, 512, 512, 512), List.of(g.ptrsPerPte(), g.ptrsPerPmd(), g.ptrsPerPud(), g.ptrsPerPgd()));
        assertEquals(4096, g.pmdTableBytes());
        assertFalse(g.pmdShadowHalf());
        assertEquals((1L << 34) - 1, g.maxPfn(), "46-bit physical addresses");
    }

    @Test
    void entriesHaveTheRealBitValues() {
        long shared = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        assertEquals(0x8000000000000027L, shared, "PAGE_SHARED = P|RW|USER|A|NX");
        assertEquals(0x8000000000000025L, arch.vmGetPageProt(VM_READ | VM_WRITE), "PAGE_COPY = P|USER|A|NX");
        assertEquals(0x120L, arch.vmGetPageProt(0), "PAGE_NONE = PROTNONE|A");
        assertEquals(0x25L, arch.vmGetPageProt(VM_READ | VM_EXEC), "PAGE_READONLY_EXEC");
        assertEquals(0x8000000000345027L, arch.pte().mk(0x345, shared));
        assertEquals(0x8000000000400027L | 0x80, arch.pmd().mkHuge(0x400, shared), "PSE is bit 7");
        assertEquals(0x8000000000400027L | 0x80 | 0x40 | 0x800, arch.pmd().mkdirty(arch.pmd().mkHuge(0x400, shared)),
                "mkdirty sets DIRTY (bit 6) and SOFT_DIRTY (bit 11)");
        assertEquals(0x7000L | 0x67, arch.pmd().mkTable(0x7000), "_PAGE_TABLE = P|RW|USER|A|D");
        assertEquals(0x200L, arch.pte().mkspecial(0), "SPECIAL is bit 9");
    }

    @Test
    void pteNoneIgnoresTheKnightsLandingAccessedAndDirtyBits() {
        assertTrue(arch.pte().none(0x60), "A|D alone is still none (v4.8)");
        assertFalse(arch.pte().none(0x1));
        assertTrue(arch.pmd().none(0x20));
    }

    @Test
    void hugePmdPfnIgnoresPatLarge() {
        long v = arch.pmd().mkHuge(512, arch.vmGetPageProt(VM_READ)) | 0x1000; // PAT_LARGE
        assertEquals(512, arch.pmd().pfn(v));
        assertEquals(513, arch.pte().pfn(arch.pte().mk(512, 0) | 0x1000), "on a 4 KiB PTE bit 12 is frame");
    }

    @Test
    void withdrawReturnsSomeTableOfThePoolOfItsPmdPage() {
        PmdTable table = mm.newPmdTable();
        List<PteTable> deposited = List.of(mm.newPteTable(), mm.newPteTable(), mm.newPteTable());
        ReentrantLock ptl = arch.pmdLockptr(mm, table);
        List<PteTable> withdrawn = new ArrayList<>();
        ptl.lock();
        try {
            // One deposit per slot 0, 1, 2; withdraw all three from slot 0 alone: the pool is per PMD page.
            for (int i = 0; i < 3; i++) {
                arch.pgtableTransHugeDeposit(mm, i * arch.geometry().pmdSize(), table, deposited.get(i));
            }
            for (int i = 0; i < 3; i++) {
                withdrawn.add(arch.pgtableTransHugeWithdraw(mm, 0, table));
            }
        } finally {
            ptl.unlock();
        }
        // The generic list inserts after the head and makes the newcomer the head: C, then A, then B.
        assertEquals(List.of(deposited.get(2), deposited.get(0), deposited.get(1)), withdrawn);
        assertNull(table.hugePte(), "pool empty");
    }

    @Test
    void movingWithinOnePmdPageKeepsTheDepositInPlace() {
        PmdTable a = mm.newPmdTable();
        PmdTable b = mm.newPmdTable();
        assertFalse(arch.pmdMoveMustWithdraw(arch.pmdLockptr(mm, a), arch.pmdLockptr(mm, a)));
        assertTrue(arch.pmdMoveMustWithdraw(arch.pmdLockptr(mm, b), arch.pmdLockptr(mm, a)));
    }

    @Test
    void setAccessFlagsStoresOnlyDirtyEntriesAndNeverFlushes() {
        PmdTable table = mm.newPmdTable();
        long v = arch.pmd().mkold(arch.pmd().mkHuge(512, arch.vmGetPageProt(VM_READ | VM_WRITE)));
        table.set(0, v);
        long young = arch.pmd().mkyoung(v);
        assertTrue(arch.pmdpSetAccessFlags(mm, 0, table, young, false), "reports the change");
        assertEquals(v, table.get(0), "but a clean entry is not stored on x86");
        assertTrue(arch.pmdpSetAccessFlags(mm, 0, table, young, true));
        assertEquals(young, table.get(0));
        assertTrue(mm.events().isEmpty(), "no TLB flush: a spurious fault flushes");
    }

    @Test
    void providersAgreeAcrossModuleInfoServicesAndManifest() {
        assertEquals(Set.of(X86_64.class.getName()),
                ServiceDeclarations.assertProvidersAgree(X86_64.class, Architecture.class));
    }

    @Test
    void isFoundByNameThroughTheServiceLoader() {
        getClass().getModule().addUses(Architecture.class);
        Architecture found = Architectures.select(ServiceLoader.load(Architecture.class), "x86_64");
        assertEquals(X86_64.class, found.getClass());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.select(ServiceLoader.load(Architecture.class), "sparc"));
        assertEquals("unknown architecture 'sparc': expected one of [x86_64]", e.getMessage());
    }
}
