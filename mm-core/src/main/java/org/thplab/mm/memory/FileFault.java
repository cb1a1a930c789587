package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.fs.FaultFlags;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.plugin.PluginCallWatch;
import org.thplab.mm.rmap.Rmap;

/**
 * The file fault of memory.c: __do_fault() asks the filesystem's {@code ->fault} (the plugin
 * boundary, where its {@link FaultReply} answer becomes {@link Fault} bits), and the answer
 * is mapped: by map_team_by_pmd for a team, by finish_fault otherwise.
 */
final class FileFault {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final MemMap map;
    private final Rmap rmap;
    private final HugePmdOps huge;
    private final TableAlloc tables;
    private final FaultAnswerCheck answers;
    private final FaultAround faultAround;
    /** One per thread for all machines, as AnonHugeFault's: released after each fault, it keeps no machine alive. */
    private static final ThreadLocal<FaultContext> FAULTS = ThreadLocal.withInitial(FaultContext::new);

    FileFault(Machine m, Rmap rmap, HugePmdOps huge, TableAlloc tables) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.map = m.map;
        this.rmap = rmap;
        this.huge = huge;
        this.tables = tables;
        this.answers = new FaultAnswerCheck(m, new PageTeam(m.map, m.g.hpagePmdNr()));
        this.faultAround = new FaultAround(m, rmap, huge, tables);
    }

    /**
     * __do_fault() and the paths that map its answer: map_team_by_pmd for a team
     * (VM_FAULT_HUGE), do_cow_fault for a private write, do_read_fault / do_shared_fault
     * otherwise. The page table is allocated only once the page is known (the seed's patch 09).
     */
    int doFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, int flags) {
        VmOperations ops = vma.file().ops();
        if (!write && shouldFaultAround(ops) && faultAround.doFaultAround(mm, vma, table, addr)) {
            return Fault.DONE; // do_read_fault(): fault-around mapped the address
        }
        long pgoff = vma.linearPageIndex(addr, g.pageShift());
        FaultContext vmf = FAULTS.get().reset(vma, g, addr, pgoff, flags | (write ? FaultFlags.WRITE : 0));
        AddressSpace file = (AddressSpace) vma.file();
        long deletions = file.deletions();
        int reply;
        long page;
        PluginCallWatch.Slot watch = PluginCallWatch.enter(ops, "fault");
        try {
            reply = ops.fault(vmf);
            page = vmf.page();
        } catch (Throwable e) { // Errors and sneaky checked exceptions too: the plugin's, not the core's
            m.pluginFailures.reportThrown(ops, "fault", e);
            return Fault.SIGBUS;
        } finally {
            watch.exit();
            vmf.release();
        }
        if ((reply & FaultReply.ERROR) != 0) {
            return (reply & FaultReply.OOM) != 0 ? Fault.OOM
                    : (reply & FaultReply.SIGBUS) != 0 ? Fault.SIGBUS : Fault.SIGSEGV;
        }
        if ((reply & FaultReply.NOPAGE) != 0) {
            return Fault.DONE;
        }
        int refused = answers.refuse(ops, file, pgoff, g.hpagePmdNr(), reply, page, deletions);
        if (refused != FaultAnswerCheck.ACCEPTED) {
            return refused;
        }
        if ((reply & FaultReply.HUGE) != 0) {
            return huge.mapTeamByPmd(mm, vma, table, addr, page);
        }
        long folio = m.compoundHead(page); // a compound page's lock is its head's
        if ((reply & FaultReply.LOCKED) == 0) {
            lockPage(folio);
        }
        try {
            return finishFault(mm, vma, table, addr, write, page);
        } finally {
            map.unlockPage(folio);
        }
    }

    /** should_fault_around(): the filesystem maps pages around (->map_pages) and a block is more than one page. */
    private boolean shouldFaultAround(VmOperations ops) {
        if (!faultAround.enabled()) {
            return false;
        }
        PluginCallWatch.Slot watch = PluginCallWatch.enter(ops, "mapPages");
        try {
            return ops.mapPages();
        } catch (Throwable e) { // as for fault: Errors and sneaky checked exceptions are the plugin's
            m.pluginFailures.reportThrown(ops, "mapPages", e);
            return false;
        } finally {
            watch.exit();
        }
    }

    /**
     * finish_fault() (alloc_set_pte() with do_cow_fault's copy): maps the locked, referenced
     * {@code page}. A subpage of a compound file page at an empty PMD slot is offered to
     * do_set_pmd first; then, for a swap-backed one, all its subpages by PTEs where it fits.
     */
    private int finishFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long page) {
        int i = g.pmdIndex(addr);
        boolean cow = write && !vma.has(VmFlag.SHARED);
        boolean compound = !cow && PageFlags.fileCompound(map.flags(page));
        if (compound && pmd.none(table.get(i))) {
            int r = huge.doSetPmd(mm, vma, table, addr, m.compoundHead(page), write);
            if (r == Fault.OOM) {
                m.putPage(page);
            }
            if (r != Fault.FALLBACK) {
                return r; // mapped: the page's reference is the PMD's
            }
        }
        if (compound && faultAround.wholeFolioFits(vma, addr, page)) {
            int r = faultAround.mapWholeFolio(mm, vma, table, addr, page, write);
            if (r != Fault.FALLBACK) {
                return r;
            }
        }
        if (pmd.none(table.get(i)) && !tables.pteAlloc(mm, table, addr)) {
            m.putPage(page);
            return Fault.OOM;
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            m.putPage(page); // mapped huge meanwhile: the access retries through the PMD
            return Fault.DONE;
        }
        int j = g.pteIndex(addr);
        long copy = BuddyAllocator.NO_PAGE;
        if (cow) {
            copy = m.buddy.allocPages(0);
            if (copy == BuddyAllocator.NO_PAGE) {
                m.putPage(page);
                return Fault.OOM;
            }
            map.set(copy, PageFlags.UPTODATE);
            map.setContent(copy, map.content(page));
        }
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            if (!pte.none(t.get(j))) {
                if (cow) {
                    map.setRefcount(copy, 0);
                    m.buddy.freePages(copy, 0);
                }
                m.putPage(page); // another thread mapped it first
                return Fault.DONE;
            }
            if (cow) {
                rmap.pageAddNewAnonRmap(copy, vma.anonVma(), vma.linearPageIndex(addr, g.pageShift()));
                mm.addRss(MmStruct.Counter.ANON, 1);
                t.set(j, pte.mkwrite(pte.mkdirty(pte.mk(copy, vma.pageProt()))));
            } else {
                long entry = pte.mk(page, vma.pageProt());
                rmap.pageDupRmap(page); // page_add_file_rmap
                mm.addRss(rmap.mmCounter(page), 1);
                t.set(j, write ? pte.mkwrite(pte.mkdirty(entry)) : entry);
            }
            arch.updateMmuCache(mm, addr);
        } finally {
            ptl.unlock();
        }
        if (cow) {
            m.putPage(page); // the private copy is mapped; the file page keeps only its cache reference
        }
        return Fault.DONE;
    }

    /** lock_page(): waits for the page lock. */
    private void lockPage(long pfn) {
        while (!map.trylockPage(pfn)) {
            Thread.onSpinWait();
        }
    }
}
