package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.fs.FaultFlags;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.plugin.PluginFailures;
import org.thplab.mm.rmap.AnonVmas;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;

/**
 * mm/memory.c: the fault path down to the PTE and copy-on-write; the range walks (zap,
 * copy at fork, change of protection) and the MMU are classes of their own in this package,
 * reached through here. Huge PMDs are handed to {@link HugePmdOps}. Nothing here allocates
 * per page but the pages.
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
    private final AnonVmas anonVmas;
    private final HugePmdOps huge;
    private final TableAlloc tables;
    private final Zap zap;
    private final CopyPageRange copy;
    private final ChangeProtection change;
    private final Mmu mmu;
    private final FileFault fileFault;

    public Memory(Machine m, Rmap rmap, AnonVmas anonVmas, HugePmdOps huge) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.map = m.map;
        this.rmap = rmap;
        this.anonVmas = anonVmas;
        this.huge = huge;
        this.tables = new TableAlloc(m);
        this.zap = new Zap(m, rmap, huge);
        this.copy = new CopyPageRange(m, rmap, huge, tables);
        this.change = new ChangeProtection(m, huge);
        this.mmu = new Mmu(m, huge);
        this.fileFault = new FileFault(m, rmap, huge, tables);
    }

    /** Where plugin failures met on the core's paths are recorded. */
    public PluginFailures pluginFailures() {
        return m.pluginFailures;
    }

    /** The huge-PMD paths this memory dispatches to. */
    public HugePmdOps huge() {
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
     * @return {@link Fault#DONE}, or {@link Fault#SIGSEGV} / {@link Fault#OOM} / {@link Fault#SIGBUS} bits
     */
    public int handleMmFault(MmStruct mm, Vma vma, long addr, int flags) {
        boolean write = (flags & Fault.FLAG_WRITE) != 0;
        if (write ? !vma.has(VmFlag.WRITE) : !vma.has(VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC)) {
            return Fault.SIGSEGV; // access_error()
        }
        m.stat.count(VmStat.Event.PGFAULT);
        if (write && !vma.has(VmFlag.SHARED)) {
            anonVmas.anonVmaPrepare(mm, vma); // before any page-table lock: it takes page_table_lock
        }
        PmdTableImpl table = mm.pageTables().pmdTable(addr);
        if (table == null) {
            table = tables.pmdAlloc(mm, addr);
        }
        long pmdval = table.get(g.pmdIndex(addr));
        if (pmd.transHuge(pmdval)) {
            int r = huge.hugePmdFault(mm, vma, table, addr, write, pmdval);
            if (r != Fault.FALLBACK) {
                return r;
            }
        } else if (pmd.none(pmdval)) {
            if (!vma.isAnonymous()) {
                // The seed's patch 09: no empty PTE table before ->fault has had its chance to go huge.
                return fileFault.doFault(mm, vma, table, addr, write, FaultFlags.MAY_HUGE);
            }
            int r = huge.createHugePmd(mm, vma, table, addr, write, pmdval);
            if (r != Fault.FALLBACK) {
                return r; // DONE also if another thread's fault won the slot: the access retries
            }
            if (pmd.none(table.get(g.pmdIndex(addr))) && !tables.pteAlloc(mm, table, addr)) {
                return Fault.OOM;
            }
        }
        return handlePteFault(mm, vma, table, addr, write);
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
        return fileFault.doFault(mm, vma, table, addr, write, 0); // ->fault may sleep: no page-table lock held
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
            zap.removePteMapping(old);
            m.putPage(old);
        }
        m.stat.count(VmStat.Event.COW_COPY);
        return Fault.DONE;
    }

    /** __pte_alloc(): gives an empty PMD slot a PTE table; false when memory is exhausted. */
    public boolean pteAlloc(MmStruct mm, PmdTableImpl table, long addr) {
        return tables.pteAlloc(mm, table, addr);
    }

    /** __pmd_alloc(): see {@link TableAlloc#pmdAlloc}; takes page_table_lock itself. */
    public PmdTableImpl pmdAlloc(MmStruct mm, long addr) {
        return tables.pmdAlloc(mm, addr);
    }

    /** anon_vma_prepare(): see {@link AnonVmas}. */
    public void anonVmaPrepare(MmStruct mm, Vma vma) {
        anonVmas.anonVmaPrepare(mm, vma);
    }

    // ------------------------------------------------------------------ the MMU and the range walks

    /** What {@link #faultIn} answers when an access still faults after its faults were handled: a bug. */
    public static final long STILL_FAULTS = Long.MIN_VALUE;

    /** How many faults one access may take before it must have succeeded. */
    private static final int FAULT_RETRIES = 3;

    /**
     * The one access loop of the core: the MMU walks the tables (for get_user_pages,
     * follow_page takes a reference on the page instead); only a walk that fails raises a
     * fault, and the walk is retried once the fault is handled. The caller holds the mmap lock
     * for reading. Allocates nothing.
     *
     * @param get get_user_pages' FOLL_GET: the page comes with a reference for the caller
     * @return the frame; minus the {@link Fault} bits of the fault that failed; or
     *         {@link #STILL_FAULTS}
     */
    public long faultIn(MmStruct mm, Vma vma, long addr, boolean write, boolean get) {
        for (int attempt = 0; ; attempt++) {
            long pfn = get ? mmu.followPage(mm, addr, write) : mmu.translate(mm, addr, write);
            if (pfn >= 0) {
                return pfn;
            }
            if (attempt == FAULT_RETRIES) {
                return STILL_FAULTS;
            }
            int r = handleMmFault(mm, vma, addr, write ? Fault.FLAG_WRITE : 0);
            if (r != Fault.DONE) {
                return -r;
            }
        }
    }

    /** The MMU's translation: see {@link Mmu#translate}. */
    public long translate(MmStruct mm, long addr, boolean write) {
        return mmu.translate(mm, addr, write);
    }

    /** See {@link Mmu#translationRun}. */
    public long translationRun(MmStruct mm, long addr) {
        return mmu.translationRun(mm, addr);
    }

    /** unmap_page_range(): see {@link Zap}. */
    public void zapRange(MmStruct mm, Vma vma, long start, long end) {
        zap.zapRange(mm, vma, start, end, false);
    }

    /** zap_page_range() with zap_details: {@code fileOnly} keeps anonymous (COW) pages. */
    void zapRange(MmStruct mm, Vma vma, long start, long end, boolean fileOnly) {
        zap.zapRange(mm, vma, start, end, fileOnly);
    }

    /** free_pgtables(): see {@link Zap}. */
    public void freePgtables(MmStruct mm, long start, long end) {
        zap.freePgtables(mm, start, end);
    }

    /** copy_page_range(): see {@link CopyPageRange}. */
    public int copyPageRange(MmStruct dst, MmStruct src, Vma vma) {
        return copy.copyPageRange(dst, src, vma);
    }

    /** change_protection(): see {@link ChangeProtection}. */
    public void changeProtection(MmStruct mm, Vma vma, long start, long end) {
        change.changeProtection(mm, vma, start, end);
    }
}
