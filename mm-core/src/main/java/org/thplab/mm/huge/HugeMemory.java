package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.PteTable;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;

/**
 * mm/huge_memory.c as the seed patch leaves it for huge tmpfs teams: mapping a team by one
 * huge PMD, unmapping it, remapping it by PTEs, and the team branches of copy, zap, change,
 * follow, split and write-protect faults of huge PMDs.
 *
 * <p>Every huge PMD keeps a deposited PTE table, and every path clears the PMD before it
 * withdraws that table (ppc64 hash needs the table while clearing). Locks: the page lock of
 * the team head is taken before the PMD lock; the PTE lock, where it differs, after it.
 */
public final class HugeMemory {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final PageTeam teams;
    private final Rmap rmap;
    private final HugeZeroPage zero;
    private final AnonThp anon;
    private final Khugepaged khugepaged;

    public HugeMemory(Machine m, Rmap rmap) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.teams = new PageTeam(m.map, g.hpagePmdNr());
        this.rmap = rmap;
        this.zero = new HugeZeroPage(m);
        this.anon = new AnonThp(m, rmap, zero, this);
        this.khugepaged = new Khugepaged(m, rmap, zero);
    }

    /** The huge zero page. */
    public HugeZeroPage zeroPage() {
        return zero;
    }

    /** The anonymous THP paths. */
    public AnonThp anon() {
        return anon;
    }

    Geometry geometry() {
        return g;
    }

    PmdCodec pmdCodec() {
        return pmd;
    }

    Rmap rmap() {
        return rmap;
    }

    /**
     * The huge anonymous fault at {@code addr} for the policy, whose PMD slot in {@code table}
     * held {@code orig}; the caller releases it when the policy has answered.
     */
    public AnonHugeFault anonHugeFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long orig) {
        return AnonHugeFault.bind(this, mm, vma, table, addr, write, orig);
    }

    /** Collapse into THPs. */
    public Khugepaged khugepaged() {
        return khugepaged;
    }

    /** The team helpers (pageteam.h) this machine uses. */
    public PageTeam teams() {
        return teams;
    }

    /** page_add_team_rmap(): the first PMD mapping of a team counts it in ShmemPmdMapped. */
    private void pageAddTeamRmap(long head) {
        requireTeam(head, "page_add_team_rmap");
        if (teams.incTeamPmdMapped(head)) {
            m.stat.add(VmStat.Item.NR_SHMEM_PMDMAPPED, 1);
        }
    }

    /** page_remove_team_rmap(): the last PMD mapping of a team leaves ShmemPmdMapped. */
    private void pageRemoveTeamRmap(long head) {
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
     * @return {@link FaultReply#NOPAGE}, or {@link FaultReply#OOM}
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
        int ret = FaultReply.NOPAGE;
        if (pmd.none(table.get(i))) {
            PteTableImpl pgtable = mm.pageTables().pteAllocOne();
            if (pgtable == null) {
                ret = FaultReply.OOM;
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
     * unmap_team_by_pmd(): reclaim's removal of the PMD mapping of {@code head}'s team at
     * {@code addr}, if that is what the slot still holds; the head must be locked.
     *
     * @return whether a mapping was removed
     */
    public boolean unmapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head) {
        requireTeam(head, "unmap_team_by_pmd");
        if (!map.test(head, PageFlags.LOCKED)) {
            throw bug("unmap_team_by_pmd", head, "the team head must be locked");
        }
        long haddr = addr & g.pmdMask();
        int i = g.pmdIndex(haddr);
        PteTable pgtable = null;
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(i);
            if (pmd.transHuge(v) && pmd.pfn(v) == head) {
                arch.pmdpHugeClearFlush(mm, haddr, table);
                pgtable = arch.pgtableTransHugeWithdraw(mm, haddr, table);
                pageRemoveTeamRmap(head);
                rmap.pageRemoveRmap(head);
                mm.nrPtes().decrementAndGet();
            }
        } finally {
            pml.unlock();
        }
        if (pgtable == null) {
            return false;
        }
        mm.pageTables().pteFree((PteTableImpl) pgtable);
        mm.addRss(MmStruct.Counter.SHMEM, -teams.nr());
        m.putPage(head);
        return true;
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
            ReentrantLock ptl = arch.pteLockptr(mm, pgtable);
            boolean nested = ptl != pml;
            if (nested) {
                ptl.lock();
            }
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
                if (nested) {
                    ptl.unlock();
                }
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
            ReentrantLock ptl = arch.pteLockptr(mm, pgtable);
            boolean nested = ptl != pml;
            if (nested) {
                ptl.lock();
            }
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
                if (nested) {
                    ptl.unlock();
                }
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

    /**
     * zap_huge_pmd(): removes a whole huge PMD mapping: the PMD is cleared first and the
     * deposited table withdrawn after, then freed.
     */
    public void zapHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        long page;
        PteTable pgtable;
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long orig = arch.pmdpHugeGetAndClearFull(mm, haddr, table, false);
            arch.flushPmdTlbRange(mm, haddr, haddr + g.pmdSize()); // tlb_remove_pmd_tlb_entry
            page = pmd.pfn(orig);
            if (page == zero.pfn()) {
                page = -1; // put_huge_zero_page below
            } else if (map.test(page, PageFlags.TEAM)) {
                pageRemoveTeamRmap(page);
                rmap.pageRemoveRmap(page);
                mm.addRss(rmap.mmCounter(page), -teams.nr());
            } else {
                if (rmap.pageRemoveRmapCompound(page, teams.nr())) {
                    m.deferredSplitHugePage(page);
                }
                mm.addRss(MmStruct.Counter.ANON, -teams.nr());
            }
            pgtable = arch.pgtableTransHugeWithdraw(mm, haddr, table);
            mm.nrPtes().decrementAndGet();
        } finally {
            pml.unlock();
        }
        mm.pageTables().pteFree((PteTableImpl) pgtable);
        if (page < 0) {
            zero.put();
        } else {
            m.putPage(page);
        }
    }

    /**
     * copy_huge_pmd(): the child gets the same huge PMD (old) with a table of its own
     * deposited. A team PMD is not write-protected and its team gains a PMD mapping; an
     * anonymous THP is write-protected in both, for copy-on-write; the huge zero page is shared.
     *
     * @return {@link FaultReply#OK}, {@link FaultReply#OOM}, or {@link FaultReply#FALLBACK}
     *         if the source is no longer huge (copy its PTEs instead)
     */
    public int copyHugePmd(MmStruct dst, MmStruct src, Vma vma, PmdTableImpl dstTable, PmdTableImpl srcTable,
                           long addr) {
        PteTableImpl pgtable = dst.pageTables().pteAllocOne();
        if (pgtable == null) {
            return FaultReply.OOM;
        }
        int i = g.pmdIndex(addr);
        ReentrantLock dstPtl = arch.pmdLockptr(dst, dstTable);
        ReentrantLock srcPtl = arch.pmdLockptr(src, srcTable);
        dstPtl.lock();
        srcPtl.lock();
        try {
            long pmdval = srcTable.get(i);
            if (!pmd.transHuge(pmdval)) {
                dst.pageTables().pteFree(pgtable);
                return FaultReply.FALLBACK;
            }
            long page = pmd.pfn(pmdval);
            if (zero.isHugeZeroPmd(pmdval)) {
                map.addRefcount(zero.pfn(), 1); // get_huge_zero_page: the child maps it too
                dst.nrPtes().incrementAndGet();
                arch.pgtableTransHugeDeposit(dst, addr, dstTable, pgtable);
                arch.setPmdAt(dst, addr, dstTable, pmdval);
                return FaultReply.OK;
            }
            m.getPage(page);
            if (map.test(page, PageFlags.ANON)) {
                rmap.pageDupRmapCompound(page, teams.nr());
                arch.pmdpSetWrprotect(src, addr, srcTable);
                pmdval = pmd.wrprotect(pmdval);
            } else {
                requireTeam(page, "copy_huge_pmd");
                rmap.pageDupRmap(page);
                teams.incTeamPmdMapped(page);
            }
            dst.addRss(rmap.mmCounter(page), teams.nr());
            dst.nrPtes().incrementAndGet();
            arch.pgtableTransHugeDeposit(dst, addr, dstTable, pgtable);
            arch.setPmdAt(dst, addr, dstTable, pmd.mkold(pmdval));
            return FaultReply.OK;
        } finally {
            srcPtl.unlock();
            dstPtl.unlock();
        }
    }

    /**
     * change_huge_pmd(): a whole huge PMD takes the VMA's new protection in place.
     *
     * @return HPAGE_PMD_NR if the PMD was changed, 0 if the slot was no longer huge
     */
    public int changeHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.transHuge(table.get(g.pmdIndex(haddr)))) {
                return 0;
            }
            long entry = pmd.modify(arch.pmdpHugeGetAndClear(mm, haddr, table), vma.pageProt());
            arch.setPmdAt(mm, haddr, table, entry);
            arch.flushPmdTlbRange(mm, haddr, haddr + g.pmdSize());
            return teams.nr();
        } finally {
            pml.unlock();
        }
    }

    /**
     * move_huge_pmd(): moves a whole huge PMD from {@code oldAddr} to the empty slot at
     * {@code newAddr} (both PMD aligned), with its deposited table when the architecture's
     * deposit would otherwise be left behind. The caller holds the mmap lock for writing.
     *
     * @return false if the old slot was no longer huge (move its PTEs instead)
     */
    public boolean moveHugePmd(MmStruct mm, PmdTableImpl oldTable, long oldAddr, PmdTableImpl newTable, long newAddr) {
        ReentrantLock oldPtl = arch.pmdLockptr(mm, oldTable);
        ReentrantLock newPtl = arch.pmdLockptr(mm, newTable);
        // Lock order between the two does not matter: the exclusive mmap lock keeps others out.
        oldPtl.lock();
        boolean nested = newPtl != oldPtl;
        if (nested) {
            newPtl.lock();
        }
        try {
            if (!pmd.transHuge(oldTable.get(g.pmdIndex(oldAddr)))) {
                return false;
            }
            if (!pmd.none(newTable.get(g.pmdIndex(newAddr)))) {
                throw bug("move_huge_pmd", pmd.pfn(oldTable.get(g.pmdIndex(oldAddr))),
                        String.format("the destination slot at %#x is not empty", newAddr));
            }
            long moved = arch.pmdpHugeGetAndClear(mm, oldAddr, oldTable);
            if (arch.pmdMoveMustWithdraw(newPtl, oldPtl)) {
                PteTable pgtable = arch.pgtableTransHugeWithdraw(mm, oldAddr, oldTable);
                arch.pgtableTransHugeDeposit(mm, newAddr, newTable, pgtable);
            }
            arch.setPmdAt(mm, newAddr, newTable, pmd.mksoftDirty(moved));
            arch.flushPmdTlbRange(mm, oldAddr, oldAddr + g.pmdSize());
            return true;
        } finally {
            if (nested) {
                newPtl.unlock();
            }
            oldPtl.unlock();
        }
    }

    /**
     * follow_trans_huge_pmd(): the subpage at {@code addr} of a huge PMD, with one reference
     * taken for the caller, or -1 for a write through a read-only PMD (the caller faults first).
     * A touch makes the PMD young, and dirty for a write.
     */
    public long followTransHugePmd(MmStruct mm, PmdTableImpl table, long addr, boolean write) {
        int i = g.pmdIndex(addr);
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(i);
            if (!pmd.transHuge(v)) {
                return -1;
            }
            if (write && !pmd.write(v)) {
                return -1;
            }
            long touched = write ? pmd.mkdirty(pmd.mkyoung(v)) : pmd.mkyoung(v);
            if (arch.pmdpSetAccessFlags(mm, addr & g.pmdMask(), table, touched, write)) {
                arch.updateMmuCachePmd(mm, addr, table);
            }
            long head = pmd.pfn(v);
            if ((map.flags(head) & (PageFlags.TEAM | PageFlags.HEAD)) == 0) {
                throw bug("follow_trans_huge_pmd", head, "expected the head of a team or of a THP");
            }
            long page = head + ((addr & ~g.pmdMask()) >>> g.pageShift());
            m.getPage(page); // FOLL_GET: a team subpage holds its own reference, a THP's goes to the head
            return page;
        } finally {
            pml.unlock();
        }
    }

    /**
     * __split_huge_pmd(): a team mapping is remapped by PTEs (the seed); the huge zero page
     * becomes 512 PTEs of the small zero page; an anonymous THP becomes PTEs of its subpages.
     */
    public void splitHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        if (!vma.isAnonymous()) {
            remapTeamByPtes(mm, vma, table, addr);
            return;
        }
        long haddr = addr & g.pmdMask();
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(g.pmdIndex(haddr));
            if (!pmd.transHuge(v)) {
                return;
            }
            if (zero.isHugeZeroPmd(v)) {
                splitHugeZeroPagePmd(mm, vma, table, haddr);
            } else {
                splitHugePmdLocked(mm, vma, table, haddr, v);
            }
        } finally {
            pml.unlock();
        }
    }

    /** __split_huge_zero_page_pmd(): cleared (and flushed) first, then the table withdrawn and filled. */
    private void splitHugeZeroPagePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        arch.pmdpHugeClearFlush(mm, haddr, table);
        PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
        for (int k = 0; k < teams.nr(); k++) {
            pgtable.set(k, pte.mkspecial(pte.mk(m.zeroPfn, vma.pageProt())));
        }
        arch.pmdPopulate(mm, haddr, table, pgtable); // smp_wmb(): the PTEs are visible before the PMD
        zero.put();
    }

    /**
     * __split_huge_pmd_locked(), anonymous: the one path that withdraws before the PMD is
     * cleared. split_prepare first (ppc64 hash flushes its hash entries while the table is still
     * deposited), then withdraw and fill, then invalidate, then populate.
     */
    private void splitHugePmdLocked(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long v) {
        long head = pmd.pfn(v);
        boolean write = pmd.write(v);
        boolean young = pmd.young(v);
        boolean dirty = pmd.dirty(v);
        arch.pmdpHugeSplitPrepare(mm, haddr, table);
        PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
        map.addRefcount(head, teams.nr() - 1); // the PMD's one reference becomes one per PTE
        for (int k = 0; k < teams.nr(); k++) {
            long entry = pte.mk(head + k, vma.pageProt());
            entry = write ? pte.mkwrite(entry) : pte.wrprotect(entry);
            if (!young) {
                entry = pte.mkold(entry);
            }
            if (dirty) {
                entry = pte.mkdirty(entry);
                map.set(head + k, PageFlags.DIRTY);
            }
            pgtable.set(k, entry);
            rmap.pageDupRmap(head + k);
        }
        rmap.pageRemoveRmapCompound(head, teams.nr());
        arch.pmdpInvalidate(mm, haddr, table);
        arch.pmdPopulate(mm, haddr, table, pgtable);
        m.stat.count(VmStat.Event.THP_SPLIT_PMD);
    }

    /**
     * wp_huge_pmd() of a file mapping: a write through a read-only team PMD remaps it by PTEs;
     * the PTE path then copies (private) or makes writable (shared) just the page written.
     * (Anonymous memory asks its plugin instead: {@link AnonHugeFault}.)
     *
     * @return {@link FaultReply#FALLBACK}
     */
    public int wpHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        splitHugePmd(mm, vma, table, addr);
        return FaultReply.FALLBACK;
    }

    /** huge_pmd_set_accessed(): a permitted access through a huge PMD marks it young (and dirty). */
    public void hugePmdSetAccessed(MmStruct mm, PmdTableImpl table, long addr, boolean write) {
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(g.pmdIndex(addr));
            if (!pmd.transHuge(v)) {
                return;
            }
            long touched = write ? pmd.mkdirty(pmd.mkyoung(v)) : pmd.mkyoung(v);
            if (arch.pmdpSetAccessFlags(mm, addr & g.pmdMask(), table, touched, write)) {
                arch.updateMmuCachePmd(mm, addr, table);
            }
        } finally {
            pml.unlock();
        }
    }

    private void requireTeam(long pfn, String function) {
        if (!map.test(pfn, PageFlags.TEAM)) {
            throw bug(function, pfn, "expected a team page");
        }
    }

    private IllegalStateException bug(String function, long pfn, String problem) {
        return bug(map, function, pfn, problem);
    }

    /** A broken rule of the huge-PMD code, as VM_BUG_ON_PAGE reports it. */
    static IllegalStateException bug(MemMap map, String function, long pfn, String problem) {
        return new IllegalStateException(String.format("%s: pfn %#x (flags %s): %s", function, pfn,
                pfn < 0 ? "-" : PageFlags.describe(map.flags(pfn)), problem));
    }
}
