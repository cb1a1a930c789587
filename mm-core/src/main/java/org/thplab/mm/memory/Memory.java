package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.fs.FaultFlags;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.huge.AnonHugeFault;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;
import org.thplab.mm.vma.VmFlag;

/**
 * mm/memory.c: the fault path down to the PTE, copy-on-write, and the walks that zap,
 * copy and re-protect ranges of PTEs. Nothing here allocates per page but the pages.
 *
 * <p>Locking: callers hold the mmap lock (read for faults, write for zap, copy and
 * protect); PMD slots change under the architecture's PMD lock, PTEs under its PTE lock.
 */
public final class Memory {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final MemMap map;
    private final Rmap rmap;
    private final HugeMemory huge;
    private final ThreadLocal<FaultContext> faults = ThreadLocal.withInitial(FaultContext::new);
    private ContainedAnonymousMemory anonPolicy;

    /** Where plugin failures met on the core's paths are recorded. */
    public PluginFailures pluginFailures() {
        return m.pluginFailures;
    }

    public Memory(Machine m) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.map = m.map;
        this.rmap = new Rmap(m.map, m.stat, m.g.hpagePmdNr());
        this.huge = new HugeMemory(m, rmap);
        this.anonPolicy = new ContainedAnonymousMemory(new NoAnonymousThp(), m.pluginFailures);
    }

    /**
     * Starts the anonymous-memory plugin {@code type} for this machine (at boot, before any
     * fault); without one, anonymous memory has no transparent huge pages.
     *
     * @throws IllegalStateException naming the plugin if it fails to start
     */
    public void startAnonymousMemory(AnonymousMemoryType type) {
        AnonymousMemory started = m.pluginFailures.require(type, "start",
                () -> java.util.Objects.requireNonNull(type.start(new AnonServicesImpl(m)), "start answered null"));
        this.anonPolicy = new ContainedAnonymousMemory(started, m.pluginFailures);
    }

    /** The anonymous THP policy (the plugin's, contained), or none. */
    public ContainedAnonymousMemory anonymousMemory() {
        return anonPolicy;
    }

    /** The huge-PMD paths (huge_memory.c). */
    public HugeMemory huge() {
        return huge;
    }

    /** The reverse-map bookkeeping shared with the other paths. */
    public Rmap rmap() {
        return rmap;
    }

    // ------------------------------------------------------------------ faults

    /**
     * handle_mm_fault(): resolves one access to {@code addr} inside {@code vma}.
     *
     * @return {@link Fault#DONE}, or {@link Fault#SIGSEGV} / {@link Fault#OOM} bits
     */
    public int handleMmFault(MmStruct mm, Vma vma, long addr, int flags) {
        boolean write = (flags & Fault.FLAG_WRITE) != 0;
        if (write ? !vma.has(VmFlag.WRITE) : !vma.has(VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC)) {
            return Fault.SIGSEGV; // access_error()
        }
        m.stat.count(VmStat.Event.PGFAULT);
        if (write && !vma.has(VmFlag.SHARED)) {
            anonVmaPrepare(mm, vma); // before any page-table lock: it takes page_table_lock
        }
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table == null) {
            table = pmdAllocLocked(mm, addr);
        }
        long pmdval = table.get(g.pmdIndex(addr));
        if (pmd.transHuge(pmdval)) {
            if (!write || pmd.write(pmdval)) {
                huge.hugePmdSetAccessed(mm, table, addr, write);
                return Fault.DONE;
            }
            if (!vma.isAnonymous()) {
                if (huge.wpHugePmd(mm, vma, table, addr) != FaultReply.FALLBACK) {
                    return Fault.DONE;
                }
            } else {
                int r = askAnonPolicy(true, true, mm, vma, table, addr, pmdval);
                if (r != FaultReply.FALLBACK) {
                    return r == FaultReply.OK ? Fault.DONE : r == FaultReply.OOM ? Fault.OOM : Fault.SIGBUS;
                }
            }
        } else if (pmd.none(pmdval)) {
            if (!vma.isAnonymous()) {
                // The seed's patch 09: no empty PTE table before ->fault has had its chance to go huge.
                return doFault(mm, vma, table, addr, write, FaultFlags.MAY_HUGE);
            }
            if (anonPolicy.hugeEnabled(vma.has(VmFlag.HUGEPAGE), vma.has(VmFlag.NOHUGEPAGE))) {
                long haddr = addr & g.pmdMask();
                if (!write && haddr >= vma.start() && haddr + g.pmdSize() <= vma.end()) {
                    anonVmaPrepare(mm, vma); // do_huge_pmd_anonymous_page(): even a read, so fork copies the huge zero PMD
                }
                int r = askAnonPolicy(false, write, mm, vma, table, addr, pmdval);
                if (r == FaultReply.OK) {
                    return Fault.DONE; // if another thread's fault won the slot, the access retries
                }
                if (r != FaultReply.FALLBACK) {
                    return r == FaultReply.OOM ? Fault.OOM : Fault.SIGBUS;
                }
            }
            if (pmd.none(table.get(g.pmdIndex(addr))) && !pteAlloc(mm, table, addr)) {
                return Fault.OOM;
            }
        }
        return handlePteFault(mm, vma, table, addr, write);
    }

    /**
     * The huge anonymous fault's mechanism at {@code addr}, whatever the policy: a huge zero
     * PMD for a read, a new THP for a write, if the PMD slot is empty and its extent inside
     * the mapping.
     *
     * @return true if a huge PMD now maps the extent
     */
    public boolean hugeAnonymousFault(MmStruct mm, Vma vma, long addr, boolean write) {
        if (!vma.isAnonymous() || (write ? !vma.has(VmFlag.WRITE) : !vma.has(VmFlag.READ | VmFlag.WRITE))) {
            return false;
        }
        long haddr = addr & g.pmdMask();
        if (haddr < vma.start() || haddr + g.pmdSize() > vma.end()) {
            return false;
        }
        anonVmaPrepare(mm, vma); // for the huge zero page too, as the fault path does
        PmdTableImpl table = pmdAllocLocked(mm, addr);
        if (!pmd.none(table.get(g.pmdIndex(addr)))) {
            return pmd.transHuge(table.get(g.pmdIndex(addr)));
        }
        return (write ? huge.anon().mapNewHugePage(mm, vma, table, haddr)
                : huge.zeroPage().setHugeZeroPmd(mm, vma, table, haddr)) == FaultReply.OK;
    }

    /**
     * The anonymous-memory policy's answer for the huge fault at {@code addr}: its huge write-
     * protect fault if {@code wp}, else its huge fault. A policy that answers OK without having
     * applied any mechanism, or falls back from a write-protect fault without splitting the
     * PMD, breaks its contract: reported, SIGBUS. (Judged by what it called, not by the PMD,
     * which other threads may be changing.)
     */
    private int askAnonPolicy(boolean wp, boolean write, MmStruct mm, Vma vma, PmdTableImpl table, long addr,
                              long pmdval) {
        AnonHugeFault f = huge.anonHugeFault(mm, vma, table, addr, write, pmdval);
        try {
            int r = wp ? anonPolicy.hugeWpFault(f) : anonPolicy.hugeFault(f);
            String op = wp ? "hugeWpFault" : "hugeFault";
            if (r == FaultReply.OK && !f.acted()) {
                m.pluginFailures.report(anonPolicy.plugin(), op, "answered OK but applied no mechanism");
                return FaultReply.SIGBUS;
            }
            if (wp && r == FaultReply.FALLBACK && !f.split()) {
                m.pluginFailures.report(anonPolicy.plugin(), op, "fell back without splitting the PMD");
                return FaultReply.SIGBUS;
            }
            return r;
        } finally {
            f.release();
        }
    }

    /** __pte_alloc(): gives an empty PMD slot a PTE table; false when memory is exhausted. */
    boolean pteAlloc(MmStruct mm, PmdTableImpl table, long addr) {
        PteTableImpl fresh = mm.pageTables().pteAllocOne();
        if (fresh == null) {
            return false;
        }
        ReentrantLock ptl = arch.pmdLockptr(mm, table);
        ptl.lock();
        try {
            if (pmd.none(table.get(g.pmdIndex(addr)))) {
                mm.nrPtes().incrementAndGet();
                arch.pmdPopulate(mm, addr, table, fresh);
                fresh = null;
            }
        } finally {
            ptl.unlock();
        }
        if (fresh != null) {
            mm.pageTables().pteFree(fresh); // another thread populated the slot first
        }
        return true;
    }

    /** handle_pte_fault(). */
    private int handlePteFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write) {
        PteTableImpl t = table.child(g.pmdIndex(addr));
        if (t == null) {
            return Fault.DONE; // pmd_trans_unstable(): a racing huge fault (or zap) changed the PMD; the access retries
        }
        int j = g.pteIndex(addr);
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            long entry = t.get(j);
            if (pte.none(entry)) {
                if (vma.isAnonymous()) {
                    return doAnonymousPage(mm, vma, t, addr, write);
                }
            } else if (write && !pte.write(entry)) {
                return doWpPage(mm, vma, t, addr, entry);
            } else {
                long touched = write ? pte.mkdirty(pte.mkyoung(entry)) : pte.mkyoung(entry);
                if (touched != entry) {
                    t.set(j, touched);
                    arch.updateMmuCache(mm, addr);
                }
                return Fault.DONE;
            }
        } finally {
            ptl.unlock();
        }
        return doFault(mm, vma, table, addr, write, 0); // ->fault may sleep: no page-table lock held
    }

    /**
     * __do_fault() and the paths that map its answer: map_team_by_pmd for a team
     * (VM_FAULT_HUGE), do_cow_fault for a private write, do_read_fault / do_shared_fault
     * otherwise. The page table is allocated only once the page is known (the seed's patch 09).
     */
    private int doFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, int flags) {
        long pgoff = vma.linearPageIndex(addr, g.pageShift());
        FaultContext vmf = faults.get().reset(vma, addr, pgoff, flags | (write ? FaultFlags.WRITE : 0));
        VmOperations ops = vma.file().ops();
        int reply;
        long page;
        try {
            reply = ops.fault(vmf);
            page = vmf.page();
        } catch (RuntimeException e) {
            m.pluginFailures.report(ops, "fault", "threw " + e);
            return Fault.SIGBUS;
        } finally {
            vmf.release();
        }
        if ((reply & FaultReply.ERROR) != 0) {
            return (reply & FaultReply.OOM) != 0 ? Fault.OOM
                    : (reply & FaultReply.SIGBUS) != 0 ? Fault.SIGBUS : Fault.SIGSEGV;
        }
        if ((reply & FaultReply.NOPAGE) != 0) {
            return Fault.DONE;
        }
        if (page < 0 || page >= map.frames() || map.refcount(page) <= 0) {
            m.pluginFailures.report(ops, "fault", String.format("answered %#x with page %#x, which is not a"
                    + " referenced page", reply, page));
            return Fault.SIGBUS;
        }
        if ((reply & FaultReply.HUGE) != 0) {
            return (huge.mapTeamByPmd(mm, vma, table, addr, page) & FaultReply.OOM) != 0 ? Fault.OOM : Fault.DONE;
        }
        if ((reply & FaultReply.LOCKED) == 0) {
            lockPage(page);
        }
        try {
            return finishFault(mm, vma, table, addr, write, page);
        } finally {
            map.unlockPage(page);
        }
    }

    /** alloc_set_pte() with do_cow_fault's copy: maps the locked, referenced {@code page}. */
    private int finishFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long page) {
        int i = g.pmdIndex(addr);
        if (pmd.none(table.get(i)) && !pteAlloc(mm, table, addr)) {
            m.putPage(page);
            return Fault.OOM;
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            m.putPage(page); // mapped huge meanwhile: the access retries through the PMD
            return Fault.DONE;
        }
        int j = g.pteIndex(addr);
        boolean cow = write && !vma.has(VmFlag.SHARED);
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

    /** page_remove_rmap() of a PTE mapping; a THP losing one goes on the deferred split queue. */
    private void removePteMapping(long pfn) {
        rmap.pageRemoveRmap(pfn);
        if (map.test(pfn, PageFlags.ANON) && (map.flags(pfn) & (PageFlags.HEAD | PageFlags.TAIL)) != 0) {
            m.deferredSplitHugePage(m.compoundHead(pfn));
        }
    }

    /** lock_page(): waits for the page lock. */
    private void lockPage(long pfn) {
        while (!map.trylockPage(pfn)) {
            Thread.onSpinWait();
        }
    }

    /** do_anonymous_page(): the zero page for a read, a new zeroed page for a write. */
    private int doAnonymousPage(MmStruct mm, Vma vma, PteTableImpl t, long addr, boolean write) {
        int j = g.pteIndex(addr);
        if (!write) {
            t.set(j, pte.mkspecial(pte.mk(m.zeroPfn, vma.pageProt())));
            arch.updateMmuCache(mm, addr);
            return Fault.DONE;
        }
        long pfn = m.buddy.allocPages(0);
        if (pfn == BuddyAllocator.NO_PAGE) {
            return Fault.OOM;
        }
        map.set(pfn, PageFlags.UPTODATE);
        long entry = pte.mk(pfn, vma.pageProt());
        if (vma.has(VmFlag.WRITE)) {
            entry = pte.mkwrite(pte.mkdirty(entry));
        }
        rmap.pageAddNewAnonRmap(pfn, vma.anonVma(), vma.linearPageIndex(addr, g.pageShift()));
        mm.addRss(MmStruct.Counter.ANON, 1);
        t.set(j, entry);
        arch.updateMmuCache(mm, addr);
        return Fault.DONE;
    }

    /**
     * do_wp_page(): a write to a present read-only PTE of a writable mapping. An anonymous
     * page mapped once is reused; otherwise (shared with a fork, the zero page) it is copied.
     */
    private int doWpPage(MmStruct mm, Vma vma, PteTableImpl t, long addr, long entry) {
        int j = g.pteIndex(addr);
        boolean zero = pte.special(entry);
        long old = zero ? BuddyAllocator.NO_PAGE : pte.pfn(entry);
        if (!zero && map.test(old, PageFlags.ANON) && rmap.pageMapcount(old) == 1) {
            t.set(j, pte.mkwrite(pte.mkdirty(pte.mkyoung(entry)))); // wp_page_reuse()
            arch.updateMmuCache(mm, addr);
            m.stat.count(VmStat.Event.COW_REUSE);
            return Fault.DONE;
        }
        if (!zero && vma.has(VmFlag.SHARED)) {
            t.set(j, pte.mkwrite(pte.mkdirty(pte.mkyoung(entry)))); // wp_page_shared()
            arch.updateMmuCache(mm, addr);
            return Fault.DONE;
        }
        long copy = m.buddy.allocPages(0); // wp_page_copy()
        if (copy == BuddyAllocator.NO_PAGE) {
            return Fault.OOM;
        }
        map.set(copy, PageFlags.UPTODATE);
        map.setContent(copy, zero ? 0 : map.content(old));
        if (zero || !map.test(old, PageFlags.ANON)) {
            if (!zero) {
                mm.addRss(rmap.mmCounter(old), -1);
            }
            mm.addRss(MmStruct.Counter.ANON, 1);
        }
        t.set(j, 0L); // ptep_clear_flush(): no CPU may keep the old translation
        arch.flushTlbRange(mm, addr & -g.pageSize(), (addr & -g.pageSize()) + g.pageSize());
        rmap.pageAddNewAnonRmap(copy, vma.anonVma(), vma.linearPageIndex(addr, g.pageShift()));
        t.set(j, pte.mkwrite(pte.mkdirty(pte.mk(copy, vma.pageProt()))));
        arch.updateMmuCache(mm, addr);
        if (!zero) {
            removePteMapping(old);
            m.putPage(old);
        }
        m.stat.count(VmStat.Event.COW_COPY);
        return Fault.DONE;
    }

    /**
     * anon_vma_prepare(): gives the VMA an anon_vma on its first anonymous page, reusing a
     * neighbour's when the two differ at most in protection (find_mergeable_anon_vma), so that
     * pieces split by mprotect can merge again.
     */
    private void anonVmaPrepare(MmStruct mm, Vma vma) {
        if (vma.anonVma() == 0) {
            mm.pageTableLock().lock();
            try {
                if (vma.anonVma() == 0) {
                    int reuse = compatibleAnonVma(vma, mm.vmas().find(vma.start() - 1));
                    if (reuse == 0) {
                        reuse = compatibleAnonVma(vma, mm.vmas().find(vma.end()));
                    }
                    vma.setAnonVma(reuse != 0 ? reuse : m.nextId());
                }
            } finally {
                mm.pageTableLock().unlock();
            }
        }
    }

    /** reusable_anon_vma(): the neighbour's anon_vma if anon_vma_compatible(), else 0. */
    private int compatibleAnonVma(Vma vma, Vma near) {
        if (near == null || near.anonVma() == 0 || near.file() != vma.file()) {
            return 0;
        }
        Vma a = near.start() < vma.start() ? near : vma;
        Vma b = a == near ? vma : near;
        int protBits = VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC;
        boolean compatible = a.end() == b.start() && ((a.flags() ^ b.flags()) & ~protBits) == 0
                && b.pgoff() == a.pgoff() + ((b.start() - a.start()) >>> g.pageShift());
        return compatible ? near.anonVma() : 0;
    }

    /**
     * What the MMU does on an access: walks the tables and returns the frame, setting the
     * accessed (and dirty) bits as hardware does, or -1 when the access must fault.
     */
    public long translate(MmStruct mm, long addr, boolean write) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table == null) {
            return -1;
        }
        int i = g.pmdIndex(addr);
        long v = table.get(i);
        if (pmd.transHuge(v)) {
            // A leaf PMD grants access as a PTE would (pmd_pte): present, not PROT_NONE, writable for a write.
            if (!pte.present(v) || pte.protnone(v) || (write && !pmd.write(v))) {
                return -1;
            }
            long set = write ? pmd.mkdirty(pmd.mkyoung(v)) : pmd.mkyoung(v);
            if (set != v) {
                table.compareAndSet(i, v, set);
            }
            return pmd.pfn(v) + ((addr & ~g.pmdMask()) >>> g.pageShift());
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            return -1;
        }
        int j = g.pteIndex(addr);
        long e = t.get(j);
        if (!pte.present(e) || pte.protnone(e) || (write && !pte.write(e))) {
            return -1;
        }
        long set = write ? pte.mkdirty(pte.mkyoung(e)) : pte.mkyoung(e);
        if (set != e) {
            t.compareAndSet(j, e, set);
        }
        return pte.special(e) ? m.zeroPfn : pte.pfn(e);
    }

    /**
     * After a successful {@link #translate} of {@code addr}: how many pages from {@code addr}
     * on the same translation covers (the rest of a huge PMD's extent), else 1.
     */
    public long translationRun(MmStruct mm, long addr) {
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
            return ((addr & g.pmdMask()) + g.pmdSize() - addr) >>> g.pageShift();
        }
        return 1;
    }

    // ------------------------------------------------------------------ walks over ranges

    /**
     * unmap_page_range(): removes every mapping of {@code vma} in {@code [start, end)} and
     * flushes the TLB once. A huge PMD wholly inside is zapped whole; one that straddles the
     * range is split first.
     */
    public void zapRange(MmStruct mm, Vma vma, long start, long end) {
        zapRange(mm, vma, start, end, false);
    }

    /** zap_page_range() with zap_details: {@code fileOnly} keeps anonymous (COW) pages. */
    void zapRange(MmStruct mm, Vma vma, long start, long end, boolean fileOnly) {
        mm.mmuNotifierInvalidateRange(start, end);
        for (long addr = start; addr < end; ) {
            long extent = addr & g.pmdMask();
            long next = Math.min(extent + g.pmdSize(), end);
            PmdTableImpl table = mm.pageTables().pmdTable(addr);
            if (table != null) {
                long pmdval = table.get(g.pmdIndex(addr));
                if (pmd.transHuge(pmdval)) {
                    if (addr == extent && next == extent + g.pmdSize()) {
                        huge.zapHugePmd(mm, vma, table, extent);
                        addr = next;
                        continue;
                    }
                    huge.splitHugePmd(mm, vma, table, addr);
                    pmdval = table.get(g.pmdIndex(addr));
                }
                if (!pmd.none(pmdval)) {
                    zapPteRange(mm, table.child(g.pmdIndex(addr)), addr, next, fileOnly);
                }
            }
            addr = next;
        }
        arch.flushTlbRange(mm, start, end);
    }


    /** zap_pte_range() with zap_details: {@code fileOnly} keeps anonymous (COW) pages. */
    private void zapPteRange(MmStruct mm, PteTableImpl t, long start, long end, boolean fileOnly) {
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            for (long addr = start; addr < end; addr += g.pageSize()) {
                int j = g.pteIndex(addr);
                long e = t.get(j);
                if (pte.none(e) || (fileOnly && !pte.special(e) && map.test(pte.pfn(e), PageFlags.ANON))) {
                    continue;
                }
                t.set(j, 0L);
                if (pte.special(e)) {
                    continue;
                }
                long pfn = pte.pfn(e);
                mm.addRss(rmap.mmCounter(pfn), -1);
                removePteMapping(pfn);
                m.putPage(pfn);
            }
        } finally {
            ptl.unlock();
        }
    }

    /**
     * free_pgtables(): frees the PTE tables of the PMD extents in {@code [start, end)} that no
     * VMA touches any more. The tables must have been zapped.
     */
    public void freePgtables(MmStruct mm, long start, long end) {
        for (long addr = start & g.pmdMask(); addr < end; addr += g.pmdSize()) {
            if (mm.vmas().anyIn(addr, addr + g.pmdSize())) {
                continue;
            }
            PmdTableImpl table = mm.pageTables().pmdTable(addr);
            if (table == null) {
                continue;
            }
            int i = g.pmdIndex(addr);
            PteTableImpl t = table.child(i);
            if (t == null) {
                continue;
            }
            ReentrantLock ptl = arch.pmdLockptr(mm, table);
            ptl.lock();
            try {
                table.set(i, 0L); // pmd_clear()
            } finally {
                ptl.unlock();
            }
            for (int j = 0; j < t.size(); j++) {
                if (!pte.none(t.get(j))) {
                    throw new IllegalStateException(String.format("%s: freeing the PTE table of %#x with entry %d = %#x",
                            mm, addr, j, t.get(j)));
                }
            }
            mm.pageTables().pteFree(t);
            mm.nrPtes().decrementAndGet();
        }
    }

    /**
     * copy_page_range() for fork: the child's PTEs for {@code vma} point at the parent's pages;
     * private writable pages are write-protected in both, so the next write copies.
     * Like the kernel, a VMA without an anon_vma is not copied: the child faults its pages in.
     */
    public int copyPageRange(MmStruct dst, MmStruct src, Vma vma) {
        if (vma.anonVma() == 0) {
            return Fault.DONE;
        }
        boolean cow = (vma.flags() & (VmFlag.SHARED | VmFlag.MAYWRITE)) == VmFlag.MAYWRITE;
        for (long addr = vma.start(); addr < vma.end(); ) {
            long next = Math.min((addr & g.pmdMask()) + g.pmdSize(), vma.end());
            PmdTableImpl srcTable = src.pageTables().pmdTable(addr);
            if (srcTable != null && !pmd.none(srcTable.get(g.pmdIndex(addr)))) {
                PmdTableImpl dstTable;
                dst.pageTables().pmdAlloc(addr);
                dstTable = dst.pageTables().pmdTable(addr);
                if (pmd.transHuge(srcTable.get(g.pmdIndex(addr)))) {
                    int r = huge.copyHugePmd(dst, src, vma, dstTable, srcTable, addr & g.pmdMask());
                    if (r == FaultReply.OOM) {
                        return Fault.OOM;
                    }
                    if (r == FaultReply.OK) {
                        addr = next;
                        continue;
                    }
                }
                if (pmd.none(dstTable.get(g.pmdIndex(addr))) && !pteAlloc(dst, dstTable, addr)) {
                    return Fault.OOM;
                }
                copyPteRange(dst, src, vma, dstTable.child(g.pmdIndex(addr)), srcTable.child(g.pmdIndex(addr)), addr,
                        next, cow);
            }
            addr = next;
        }
        if (cow) {
            arch.flushTlbRange(src, vma.start(), vma.end());
        }
        return Fault.DONE;
    }

    /** copy_pte_range() / copy_one_pte(). */
    private void copyPteRange(MmStruct dst, MmStruct src, Vma vma, PteTableImpl to, PteTableImpl from, long start,
                              long end, boolean cow) {
        ReentrantLock dstPtl = arch.pteLockptr(dst, to);
        ReentrantLock srcPtl = arch.pteLockptr(src, from);
        dstPtl.lock();
        srcPtl.lock();
        try {
            for (long addr = start; addr < end; addr += g.pageSize()) {
                int j = g.pteIndex(addr);
                long e = from.get(j);
                if (pte.none(e)) {
                    continue;
                }
                if (!pte.special(e)) {
                    if (cow && pte.write(e)) {
                        e = pte.wrprotect(e);
                        from.set(j, e); // ptep_set_wrprotect()
                    }
                    long pfn = pte.pfn(e);
                    m.getPage(pfn);
                    rmap.pageDupRmap(pfn);
                    dst.addRss(rmap.mmCounter(pfn), 1);
                }
                if (vma.has(VmFlag.SHARED)) {
                    e = pte.mkclean(e);
                }
                to.set(j, pte.mkold(e));
            }
        } finally {
            srcPtl.unlock();
            dstPtl.unlock();
        }
    }

    PmdTableImpl pmdAllocLocked(MmStruct mm, long addr) {
        mm.pageTableLock().lock();
        try {
            return mm.pageTables().pmdAlloc(addr);
        } finally {
            mm.pageTableLock().unlock();
        }
    }

    /**
     * vma_adjust_trans_huge() / split_huge_pmd_address(): before a VMA is cut at {@code addr},
     * a huge PMD straddling the cut is split while the VMA is still whole, so every PTE takes
     * the protection of the VMA it will belong to.
     */
    public void splitHugePmdAddress(MmStruct mm, Vma vma, long addr) {
        if ((addr & ~g.pmdMask()) == 0) {
            return;
        }
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
            huge.splitHugePmd(mm, vma, table, addr);
        }
    }

    /** change_pte_range(): gives every present PTE in the range the VMA's new protection. */
    public void changeProtection(MmStruct mm, Vma vma, long start, long end) {
        for (long addr = start; addr < end; ) {
            long next = Math.min((addr & g.pmdMask()) + g.pmdSize(), end);
            PmdTableImpl table = mm.pageTables().pmdTable(addr);
            if (table != null && pmd.transHuge(table.get(g.pmdIndex(addr)))) {
                long extent = addr & g.pmdMask();
                if (addr == extent && next == extent + g.pmdSize() && huge.changeHugePmd(mm, vma, table, extent) > 0) {
                    addr = next;
                    continue;
                }
                huge.splitHugePmd(mm, vma, table, addr);
            }
            if (table != null) {
                PteTableImpl t = table.child(g.pmdIndex(addr));
                if (t != null) {
                    ReentrantLock ptl = arch.pteLockptr(mm, t);
                    ptl.lock();
                    try {
                        for (long a = addr; a < next; a += g.pageSize()) {
                            int j = g.pteIndex(a);
                            long e = t.get(j);
                            if (!pte.none(e)) {
                                t.set(j, pte.modify(e, vma.pageProt()));
                            }
                        }
                    } finally {
                        ptl.unlock();
                    }
                }
            }
            addr = next;
        }
        arch.flushTlbRange(mm, start, end);
    }
}
