package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pgtable.NestedLock;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;

/**
 * The seed's team functions of mm/huge_memory.c for huge tmpfs: mapping a complete team by
 * one huge PMD, remapping it by PTEs and back by a PMD, and the team's
 * PMD-mapped count (page_add_team_rmap / page_remove_team_rmap). The seed's
 * unmap_team_by_pmd() is for reclaim of mapped team pages, which the core does not model:
 * it lives with the tests that check its ordering ({@code TeamReclaim} in the test tree).
 *
 * <p>Every huge PMD keeps a deposited PTE table, and every path clears the PMD before it
 * withdraws that table (ppc64 hash needs the table while clearing). Locks: the page lock of
 * the team head is taken before the PMD lock; the PTE lock, where it differs, after it.
 */
public final class TeamPmd {
    final Machine m;
    final Architecture arch;
    final Geometry g;
    final PmdCodec pmd;
    private final PteCodec pte;
    final MemMap map;
    final PageTeam teams;
    final Rmap rmap;

    TeamPmd(Machine m, Rmap rmap, PageTeam teams) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.teams = teams;
        this.rmap = rmap;
    }

    /** page_add_team_rmap(): the first PMD mapping of a team counts it in ShmemPmdMapped. */
    void pageAddTeamRmap(long head) {
        requireTeam(head, "page_add_team_rmap");
        if (teams.incTeamPmdMapped(head)) {
            m.stat.add(VmStat.Item.NR_SHMEM_PMDMAPPED, 1);
        }
    }

    /** page_remove_team_rmap(): the last PMD mapping of a team leaves ShmemPmdMapped. */
    void pageRemoveTeamRmap(long head) {
        requireTeam(head, "page_remove_team_rmap");
        if (teams.decTeamPmdMapped(head)) {
            m.stat.add(VmStat.Item.NR_SHMEM_PMDMAPPED, -1);
        }
    }

    /**
     * map_team_by_pmd(): maps the complete team of {@code head}, which the fault handler
     * returned locked and referenced, by one huge PMD at {@code addr}'s extent. If another
     * fault mapped the extent first, or no page table can be had for the deposit, the page is
     * unlocked and released and nothing is mapped.
     *
     * @return {@link Fault#DONE} (the kernel's VM_FAULT_NOPAGE: nothing more to map), or {@link Fault#OOM}
     */
    public int mapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head) {
        requireTeam(head, "map_team_by_pmd");
        if (!map.test(head, PageFlags.LOCKED)) {
            throw bug("map_team_by_pmd", head, "the team head must come locked from the fault handler");
        }
        if (!teams.complete(head)) {
            throw bug("map_team_by_pmd", head, "only a complete team may be mapped by a PMD (usage "
                    + teams.usage(head) + ")");
        }
        long haddr = addr & g.pmdMask();
        int i = g.pmdIndex(haddr);
        int ret = Fault.DONE;
        if (pmd.none(table.get(i))) {
            PteTableImpl pgtable = mm.pageTables().pteAllocOne();
            if (pgtable == null) {
                ret = Fault.OOM;
            } else {
                ReentrantLock pml = arch.pmdLockptr(mm, table);
                boolean mapped = false;
                pml.lock();
                try {
                    if (pmd.none(table.get(i))) {
                        long pmdval = pmd.mkdirty(pmd.mkHuge(head, vma.pageProt()));
                        arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable);
                        arch.setPmdAt(mm, haddr, table, pmdval);
                        rmap.pageDupRmap(head); // page_add_file_rmap(head)
                        pageAddTeamRmap(head);
                        arch.updateMmuCachePmd(mm, haddr, table);
                        mm.nrPtes().incrementAndGet();
                        mapped = true;
                    }
                } finally {
                    pml.unlock();
                }
                if (mapped) {
                    map.unlockPage(head);
                    mm.addRss(MmStruct.Counter.SHMEM, teams.nr());
                    return ret;
                }
                mm.pageTables().pteFree(pgtable); // raced1
            }
        }
        map.unlockPage(head); // raced2
        m.putPage(head);
        return ret;
    }

    /**
     * remap_team_by_ptes(): replaces the team's huge PMD at {@code addr}'s extent by PTEs
     * mapping the same pages (dirty; old unless the PMD was young), in the deposited table.
     * The team's PMD count drops last, once every PTE is in place, so a concurrent disband
     * cannot free pages that are still mapped. Nothing happens if the slot is not huge.
     */
    public void remapTeamByPtes(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        long haddr = addr & g.pmdMask();
        int i = g.pmdIndex(haddr);
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.transHuge(table.get(i))) {
                return; // raced
            }
            long head = pmd.pfn(table.get(i));
            requireTeam(head, "remap_team_by_ptes");
            long pmdval = arch.pmdpHugeClearFlush(mm, haddr, table);
            PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
            ReentrantLock ptl = NestedLock.lock(pml, arch.pteLockptr(mm, pgtable));
            try {
                arch.pmdPopulate(mm, haddr, table, pgtable);
                arch.updateMmuCachePmd(mm, haddr, table);
                boolean young = pmd.young(pmdval);
                for (int k = 0; k < teams.nr(); k++) {
                    long page = head + k;
                    long pteval = pte.mkdirty(pte.mk(page, vma.pageProt()));
                    pgtable.set(k, young ? pteval : pte.mkold(pteval));
                    requireTeam(page, "remap_team_by_ptes");
                    if (k != 0) {
                        rmap.pageDupRmap(page); // page_add_file_rmap
                        map.addRefcount(page, 1);
                    }
                }
                pageRemoveTeamRmap(head);
            } finally {
                NestedLock.unlock(ptl);
            }
        } finally {
            pml.unlock();
        }
    }

    /**
     * remap_team_by_pmd() (the seed's recovery): the PTEs of the extent at {@code haddr}, which
     * may map only the matching pages of the complete team at {@code head}, are cleared; the
     * emptied PTE table is deposited and a dirty huge PMD maps the team instead. The caller
     * holds the mmap lock for writing.
     *
     * @return false, changing nothing, if the slot is empty or huge, a PTE maps anything else,
     *         or the team is not complete
     */
    public boolean remapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long head) {
        int i = g.pmdIndex(haddr);
        PteTableImpl pgtable = table.child(i);
        if (pgtable == null || !map.test(head, PageFlags.TEAM) || !teams.complete(head)) {
            return false;
        }
        for (int k = 0; k < teams.nr(); k++) {
            long e = pgtable.get(k);
            if (!pte.none(e) && (pte.special(e) || pte.pfn(e) != head + k)) {
                return false;
            }
        }
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            arch.pmdpCollapseFlush(mm, haddr, table);
            ReentrantLock ptl = NestedLock.lock(pml, arch.pteLockptr(mm, pgtable));
            try {
                for (int k = 0; k < teams.nr(); k++) {
                    long e = pgtable.getAndSet(k, 0L);
                    if (!pte.none(e)) {
                        rmap.pageRemoveRmap(head + k);
                        mm.addRss(MmStruct.Counter.SHMEM, -1);
                        m.putPage(head + k);
                    }
                }
            } finally {
                NestedLock.unlock(ptl);
            }
            arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable);
            arch.setPmdAt(mm, haddr, table, pmd.mkdirty(pmd.mkHuge(head, vma.pageProt())));
            m.getPage(head);
            rmap.pageDupRmap(head);
            pageAddTeamRmap(head);
            mm.addRss(MmStruct.Counter.SHMEM, teams.nr());
            arch.updateMmuCachePmd(mm, haddr, table);
            return true;
        } finally {
            pml.unlock();
        }
    }

    void requireTeam(long pfn, String function) {
        if (!map.test(pfn, PageFlags.TEAM)) {
            throw bug(function, pfn, "expected a team page");
        }
    }

    IllegalStateException bug(String function, long pfn, String problem) {
        return HugeMemory.bug(map, function, pfn, problem);
    }
}
