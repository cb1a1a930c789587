package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.PmdTable;

/**
 * The hardware-facing hooks: update_mmu_cache_pmd, update_mmu_cache and flush_tlb_range
 * each report one event over the range they cover (a huge PMD's whole extent for the PMD
 * hook), so the core's tests can see that every path calls them.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface MmuHooksContract extends ArchitectureContract {

    @Test
    default void mmuCacheHooksAreObservable() {
        KitFixture f = new KitFixture(architectureUnderTest());
        PmdTable table = f.mm.newPmdTable();
        long addr = f.slotAddress(2) + 3 * f.g.pageSize();
        f.arch.updateMmuCachePmd(f.mm, addr, table);
        f.arch.updateMmuCache(f.mm, addr);
        f.arch.flushTlbRange(f.mm, addr, addr + f.g.pageSize());
        long haddr = addr & f.g.pmdMask();
        assertEquals(List.of(new KitMm.Event(ArchEvent.UPDATE_MMU_CACHE_PMD, haddr, haddr + f.g.pmdSize()),
                new KitMm.Event(ArchEvent.UPDATE_MMU_CACHE, addr, addr + f.g.pageSize()),
                new KitMm.Event(ArchEvent.FLUSH_TLB_RANGE, addr, addr + f.g.pageSize())), f.mm.events());
    }
}
