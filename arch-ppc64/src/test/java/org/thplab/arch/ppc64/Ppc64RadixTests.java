package org.thplab.arch.ppc64;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;

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

/** The radix MMU: 2 MiB PMDs, one deposit list per mm linked through the tables' own first words. */
class Ppc64RadixTests {
    private final Ppc64Radix arch = new Ppc64Radix();
    private final KitMm mm = new KitMm(arch);

    @Test
    void geometryIsSixtyFourKilobytePagesAndTwoMegabytePmds() {
        var g = arch.geometry();
        assertEquals(64 * 1024, g.pageSize());
        assertEquals(2L << 20, g.pmdSize());
        assertEquals(32, g.hpagePmdNr());
        assertEquals(512, g.ptrsPerPmd());
        assertFalse(g.pmdShadowHalf());
    }

    @Test
    void transHugeIsTheLeafBitAloneAndTablePointersCarryTheValidBit() {
        long huge = arch.pmd().mkHuge(32, arch.vmGetPageProt(VM_READ));
        assertEquals(0xc000000000200104L, huge, "PRESENT|PTE, RPN 32 << 16, ACCESSED, READ");
        assertTrue(arch.pmd().transHuge(huge & ~0x2000L), "no THP_HUGE bit on radix");
        assertEquals(0x8000000000005005L, arch.pmd().mkTable(0x5000), "valid bit 63, next level size 5");
        assertTrue(arch.pte().none(0x180L), "pte_none ignores the R/C bits hardware writes back");
    }

    @Test
    void depositedTablesHoldTheirListLinksUntilWithdrawn() {
        PmdTable a = mm.newPmdTable();
        PmdTable b = mm.newPmdTable();
        PteTable first = mm.newPteTable();
        PteTable second = mm.newPteTable();
        ReentrantLock ptl = arch.pmdLockptr(mm, a);
        assertSame(ptl, arch.pmdLockptr(mm, b), "one PMD lock per mm");
        ptl.lock();
        try {
            arch.pgtableTransHugeDeposit(mm, 0, a, first);
            arch.pgtableTransHugeDeposit(mm, 0, b, second);
            assertNotEquals(0, second.get(0), "the list_head lives in the table's first words");
            // One list per mm: a withdraw under either PMD table finds the deposits of both.
            PteTable got = arch.pgtableTransHugeWithdraw(mm, 0, a);
            PteTable other = arch.pgtableTransHugeWithdraw(mm, 0, a);
            assertEquals(Set.of(first, second), Set.of(got, other));
            assertEquals(0, got.get(0));
            assertEquals(0, got.get(1), "withdraw zeroes the list words");
        } finally {
            ptl.unlock();
        }
        assertFalse(arch.pmdMoveMustWithdraw(mm.pageTableLock(), mm.pageTableLock()));
    }

    @Test
    void bothModesAreDeclaredAlikeForJpmsAndOsgi() {
        assertEquals(Set.of(Ppc64Hash.class.getName(), Ppc64Radix.class.getName()),
                ServiceDeclarations.assertProvidersAgree(Ppc64Radix.class, Architecture.class));
    }

    @Test
    void bothModesAreFoundByName() {
        getClass().getModule().addUses(Architecture.class);
        assertEquals(Ppc64Hash.class, Architectures.select(ServiceLoader.load(Architecture.class), "ppc64").getClass());
        assertEquals(Ppc64Radix.class,
                Architectures.select(ServiceLoader.load(Architecture.class), "ppc64-radix").getClass());
    }
}
