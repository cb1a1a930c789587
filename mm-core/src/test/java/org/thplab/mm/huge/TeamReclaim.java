package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.PteTable;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;

/**
 * The seed's unmap_team_by_pmd(), kept with the tests: it serves reclaim and migration of
 * mapped team pages, which the core does not model, so no path of the core calls it; the
 * tests still check its PMD ordering on every architecture.
 */
public final class TeamReclaim {
    private TeamReclaim() {
    }

    /**
     * unmap_team_by_pmd(): reclaim's removal of the PMD mapping of {@code head}'s team at
     * {@code addr}, if that is what the slot still holds; the head must be locked.
     *
     * @return whether a mapping was removed
     */
    public static boolean unmapTeamByPmd(TeamPmd team, MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head) {
        team.requireTeam(head, "unmap_team_by_pmd");
        if (!team.map.test(head, PageFlags.LOCKED)) {
            throw team.bug("unmap_team_by_pmd", head, "the team head must be locked");
        }
        long haddr = addr & team.g.pmdMask();
        int i = team.g.pmdIndex(haddr);
        PteTable pgtable = null;
        mm.mmuNotifierInvalidateRange(haddr, haddr + team.g.pmdSize());
        ReentrantLock pml = team.arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(i);
            if (team.pmd.transHuge(v) && team.pmd.pfn(v) == head) {
                team.arch.pmdpHugeClearFlush(mm, haddr, table);
                pgtable = team.arch.pgtableTransHugeWithdraw(mm, haddr, table);
                team.pageRemoveTeamRmap(head);
                team.rmap.pageRemoveRmap(head);
                mm.nrPtes().decrementAndGet();
            }
        } finally {
            pml.unlock();
        }
        if (pgtable == null) {
            return false;
        }
        mm.pageTables().pteFree((PteTableImpl) pgtable);
        mm.addRss(MmStruct.Counter.SHMEM, -team.teams.nr());
        team.m.putPage(head);
        return true;
    }
}
