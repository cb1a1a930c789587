package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.PmdTable;

/**
 * Changes of a live huge PMD in place: pmdp_set_wrprotect, pmdp_test_and_clear_young,
 * pmdp_clear_flush_young and pmdp_set_access_flags each change only their bits, keep the
 * PMD huge and its pfn, and report truthfully whether anything changed.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface HugePmdUpdateContract extends ArchitectureContract {

    @Test
    default void wrprotectYoungAndAccessFlagsChangeOnlyTheirBits() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long haddr = f.slotAddress(5);
        long v = f.installHuge(table, haddr, 5);
        int i = f.g.pmdIndex(haddr);
        f.locked(table, () -> {
            f.arch.pmdpSetWrprotect(f.mm, haddr, table);
            assertFalse(f.pmd.write(table.get(i)), "set_wrprotect clears write");
            assertEquals(f.pmd.pfn(v), f.pmd.pfn(table.get(i)));
            assertTrue(f.pmd.transHuge(table.get(i)));
            assertTrue(f.arch.pmdpTestAndClearYoung(f.mm, haddr + f.g.pageSize(), table), "young was set");
            assertFalse(f.pmd.young(table.get(i)), "young cleared");
            assertFalse(f.arch.pmdpClearFlushYoung(f.mm, haddr, table), "young is already clear");
            long wanted = f.pmd.mkdirty(f.pmd.mkyoung(table.get(i)));
            assertTrue(f.arch.pmdpSetAccessFlags(f.mm, haddr, table, wanted, true),
                    "set_access_flags changed the slot");
            assertTrue(f.pmd.young(table.get(i)) && f.pmd.dirty(table.get(i)),
                    "young and dirty after set_access_flags");
            assertFalse(f.arch.pmdpSetAccessFlags(f.mm, haddr, table, table.get(i), true), "nothing left to change");
            f.arch.pmdpHugeGetAndClear(f.mm, haddr, table);
            f.arch.pgtableTransHugeWithdraw(f.mm, haddr, table);
        });
    }
}
