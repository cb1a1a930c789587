package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteTable;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.HugePmdOps;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pgtable.NestedLock;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.AnonVmas;
import org.thplab.mm.rmap.Rmap;

/**
 * mm/huge_memory.c's dispatch on huge PMDs, whatever they map (a team, an anonymous THP, the
 * huge zero page): zap, copy at fork, change, move, follow, split and the write-protect
 * fault; memory.c reaches it through {@link HugePmdOps}. The seed's team functions are
 * {@link TeamPmd}, the anonymous THP mechanisms {@link AnonThp}, the fault branches and the
 * policy they ask {@link HugeFaults}.
 *
 * <p>Every huge PMD keeps a deposited PTE table, and every path clears the PMD before it
 * withdraws that table (ppc64 hash needs the table while clearing). Locks: the page lock of
 * the team head is taken before the PMD lock; the PTE lock, where it differs, after it.
 */
public final class HugeMemory implements HugePmdOps {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final MemMap map;
    private final PageTeam teams;
    private final Rmap rmap;
    private final HugeZeroPage zero;
    private final AnonThp anon;
    private final Khugepaged khugepaged;
    private final DeferredSplitScan deferredSplit;
    private final TeamPmd team;
    private final HugeFaults faults;
    private final HugeSplit split;
    private final FilePmd filePmd;

    public HugeMemory(Machine m, Rmap rmap, AnonVmas anonVmas) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.map = m.map;
        this.teams = new PageTeam(m.map, g.hpagePmdNr());
        this.rmap = rmap;
        this.zero = new HugeZeroPage(m);
        this.anon = new AnonThp(m, rmap, zero, this);
        this.khugepaged = new Khugepaged(m, rmap);
        this.deferredSplit = new DeferredSplitScan(m, rmap, zero);
        this.team = new TeamPmd(m, rmap, teams);
        this.faults = new HugeFaults(this, m, anonVmas);
        this.filePmd = new FilePmd(m, rmap);
        this.split = new HugeSplit(m, rmap, zero, team, filePmd);
    }

    /** The huge PMDs of compound file pages. */
    public FilePmd filePmd() {
        return filePmd;
    }

    @Override
    public int doSetPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head, boolean write) {
        return filePmd.doSetPmd(mm, vma, table, addr, head, write);
    }

    /** The seed's team functions. */
    public TeamPmd team() {
        return team;
    }

    /** The huge branches of the fault path, and the anonymous THP policy they ask. */
    public HugeFaults faults() {
        return faults;
    }

    @Override
    public int createHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval) {
        return faults.createHugePmd(mm, vma, table, addr, write, pmdval);
    }

    @Override
    public int hugePmdFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval) {
        return faults.hugePmdFault(mm, vma, table, addr, write, pmdval);
    }

    @Override
    public int mapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head) {
        return team.mapTeamByPmd(mm, vma, table, addr, head);
    }

    @Override
    public boolean remapTeamByPmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr, long head) {
        return team.remapTeamByPmd(mm, vma, table, haddr, head);
    }

    /**
     * split_huge_pmd_address(): see {@link HugeSplit#splitHugePmdAddress}.
     */
    public void splitHugePmdAddress(MmStruct mm, Vma vma, long addr) {
        split.splitHugePmdAddress(mm, vma, addr);
    }

    /** __split_huge_pmd(): see {@link HugeSplit#splitHugePmd}. */
    @Override
    public void splitHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        split.splitHugePmd(mm, vma, table, addr);
    }

    /** The huge zero page. */
    public HugeZeroPage zeroPage() {
        return zero;
    }

    /** The anonymous THP paths. */
    public AnonThp anon() {
        return anon;
    }

    /** The huge anonymous fault handed to the policy; the caller releases it once answered. */
    AnonHugeFault anonHugeFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long orig) {
        return AnonHugeFault.bind(this, mm, vma, table, addr, write, orig);
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

    /** Collapse into THPs. */
    public Khugepaged khugepaged() {
        return khugepaged;
    }

    /** The deferred-split shrinker's choice of THPs and its zero-page remap. */
    public DeferredSplitScan deferredSplit() {
        return deferredSplit;
    }

    /** The team helpers (pageteam.h) this machine uses. */
    public PageTeam teams() {
        return teams;
    }

    /**
     * zap_huge_pmd(): removes a whole huge PMD mapping: the PMD is cleared first and the
     * deposited table withdrawn after, then freed. The slot is read again under the PMD lock
     * (__pmd_trans_huge_lock()): MADV_DONTNEED zaps under the shared mmap lock, so a fault may
     * have split the PMD, or another DONTNEED zapped it, since the walk looked.
     */
    @Override
    public boolean zapHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long haddr) {
        long page;
        PteTable pgtable;
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(g.pmdIndex(haddr));
            if (!pmd.transHuge(v)) {
                return false;
            }
            if (FilePmd.isFileCompound(map, pmd.pfn(v))) {
                page = filePmd.clearFilePmdLocked(mm, table, haddr);
                pgtable = null;
            } else {
                page = zapHugePmdLocked(mm, table, haddr);
                pgtable = arch.pgtableTransHugeWithdraw(mm, haddr, table);
                mm.nrPtes().decrementAndGet();
            }
        } finally {
            pml.unlock();
        }
        if (pgtable != null) {
            mm.pageTables().pteFree((PteTableImpl) pgtable);
        }
        if (page < 0) {
            zero.put();
        } else {
            m.putPage(page);
        }
        return true;
    }

    /** zap_huge_pmd()'s clearing of a team, THP or huge zero PMD; answers the page to put, -1 for the zero page. */
    private long zapHugePmdLocked(MmStruct mm, PmdTableImpl table, long haddr) {
        long orig = arch.pmdpHugeGetAndClearFull(mm, haddr, table, false);
        arch.flushPmdTlbRange(mm, haddr, haddr + g.pmdSize()); // tlb_remove_pmd_tlb_entry
        long page = pmd.pfn(orig);
        if (page == zero.pfn()) {
            return -1; // put_huge_zero_page by the caller
        }
        if (map.test(page, PageFlags.TEAM)) {
            team.pageRemoveTeamRmap(page);
            rmap.pageRemoveRmap(page);
            mm.addRss(rmap.mmCounter(page), -teams.nr());
        } else {
            if (rmap.pageRemoveRmapCompound(page, teams.nr())) {
                m.deferredSplitHugePage(page);
            }
            mm.addRss(MmStruct.Counter.ANON, -teams.nr());
        }
        return page;
    }

    /**
     * copy_huge_pmd(): the child gets the same huge PMD (old) with a table of its own
     * deposited. A team PMD is not write-protected and its team gains a PMD mapping; an
     * anonymous THP is write-protected in both, for copy-on-write; the huge zero page is shared.
     *
     * @return {@link Fault#DONE}, {@link Fault#OOM}, or {@link Fault#FALLBACK}
     *         if the source is no longer huge (copy its PTEs instead)
     */
    @Override
    public int copyHugePmd(MmStruct dst, MmStruct src, Vma vma, PmdTableImpl dstTable, PmdTableImpl srcTable,
                           long addr) {
        PteTableImpl pgtable = dst.pageTables().pteAllocOne();
        if (pgtable == null) {
            return Fault.OOM;
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
                return Fault.FALLBACK;
            }
            long page = pmd.pfn(pmdval);
            if (FilePmd.isFileCompound(map, page)) {
                dst.pageTables().pteFree(pgtable); // copy_huge_pmd(): a file PMD is not copied; the child refaults
                return Fault.DONE;
            }
            if (zero.isHugeZeroPmd(pmdval)) {
                map.addRefcount(zero.pfn(), 1); // get_huge_zero_page: the child maps it too
                dst.nrPtes().incrementAndGet();
                arch.pgtableTransHugeDeposit(dst, addr, dstTable, pgtable);
                arch.setPmdAt(dst, addr, dstTable, pmdval);
                return Fault.DONE;
            }
            m.getPage(page);
            if (map.test(page, PageFlags.ANON)) {
                rmap.pageDupRmapCompound(page, teams.nr());
                arch.pmdpSetWrprotect(src, addr, srcTable);
                pmdval = pmd.wrprotect(pmdval);
            } else {
                team.requireTeam(page, "copy_huge_pmd");
                rmap.pageDupRmap(page);
                teams.incTeamPmdMapped(page);
            }
            dst.addRss(rmap.mmCounter(page), teams.nr());
            dst.nrPtes().incrementAndGet();
            arch.pgtableTransHugeDeposit(dst, addr, dstTable, pgtable);
            arch.setPmdAt(dst, addr, dstTable, pmd.mkold(pmdval));
            return Fault.DONE;
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
    @Override
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
        ReentrantLock nested = NestedLock.lock(oldPtl, newPtl);
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
            NestedLock.unlock(nested);
            oldPtl.unlock();
        }
    }

    /**
     * follow_trans_huge_pmd(): the subpage at {@code addr} of a huge PMD, with one reference
     * taken for the caller, or -1 for a write through a read-only PMD (the caller faults first).
     * A touch makes the PMD young, and dirty for a write.
     */
    @Override
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
     * wp_huge_pmd() of a file mapping: a write through a read-only team PMD remaps it by PTEs;
     * the PTE path then copies (private) or makes writable (shared) just the page written.
     * (Anonymous memory asks its plugin instead: {@link AnonHugeFault}.)
     *
     * @return {@link Fault#FALLBACK}
     */
    public int wpHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        splitHugePmd(mm, vma, table, addr);
        return Fault.FALLBACK;
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
