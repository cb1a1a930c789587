package org.thplab.mm.huge;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.NestedLock;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;

/**
 * Huge PMDs of compound file pages (Linux 6.x's file THPs, not the seed's teams): mapped by
 * do_set_pmd() from the fault path, and never remapped by PTEs: a split of such a PMD only
 * clears it (the file branch of __split_huge_pmd_locked()); the next fault maps it again.
 *
 * <p>The kernel deposits a table under a file PMD only where the architecture needs one
 * (ppc64 hash); the model deposits one always, as for every huge PMD, which no output shows.
 */
public final class FilePmd {
    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PmdCodec pmd;
    private final PteCodec pte;
    private final MemMap map;
    private final Rmap rmap;
    private final int nr;

    FilePmd(Machine m, Rmap rmap) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pmd = arch.pmd();
        this.pte = arch.pte();
        this.map = m.map;
        this.rmap = rmap;
        this.nr = g.hpagePmdNr();
    }

    /** Whether {@code pfn} is part of a compound file page (neither anonymous nor a team). */
    public static boolean isFileCompound(MemMap map, long pfn) {
        return PageFlags.fileCompound(map.flags(pfn));
    }

    /**
     * do_set_pmd(): maps the compound file page at {@code head}, whose reference the caller
     * hands over, by one huge PMD at {@code addr}'s extent: dirty and writable for a write
     * (when the VMA allows it), with a deposited table; MM_SHMEMPAGES (or MM_FILEPAGES) +nr,
     * the entire mapcount +1, thp_file_mapped.
     *
     * @return {@link Fault#DONE} if mapped (the reference is the PMD's now); {@link Fault#FALLBACK}
     *         if the VMA is VM_NOHUGEPAGE or not suitable, the page not PMD-order, or the slot
     *         no longer empty (the caller keeps its reference); {@link Fault#OOM} if no table
     *         could be had for the deposit
     */
    public int doSetPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long head, boolean write) {
        if (vma.has(VmFlag.NOHUGEPAGE) || !vma.pmdSuitable(g, addr) || !isFileCompound(map, head)
                || !map.test(head, PageFlags.HEAD)) {
            return Fault.FALLBACK;
        }
        long haddr = addr & g.pmdMask();
        int i = g.pmdIndex(haddr);
        if (!pmd.none(table.get(i))) {
            return Fault.FALLBACK;
        }
        PteTableImpl pgtable = mm.pageTables().pteAllocOne();
        if (pgtable == null) {
            return Fault.OOM;
        }
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.none(table.get(i))) {
                mm.pageTables().pteFree(pgtable);
                return Fault.FALLBACK;
            }
            long entry = pmd.mkHuge(head, vma.pageProt());
            if (write && vma.has(VmFlag.WRITE)) {
                entry = pmd.mkwrite(pmd.mkdirty(entry));
            }
            arch.pgtableTransHugeDeposit(mm, haddr, table, pgtable);
            mm.nrPtes().incrementAndGet();
            rmap.pageAddFileRmapPmd(head, nr);
            mm.addRss(rmap.mmCounter(head), nr);
            arch.setPmdAt(mm, haddr, table, entry);
            arch.updateMmuCachePmd(mm, haddr, table);
        } finally {
            pml.unlock();
        }
        m.stat.count(VmStat.Event.THP_FILE_MAPPED);
        return Fault.DONE;
    }

    /**
     * collapse_pte_mapped_thp(): once the extent at {@code haddr} of file VMA {@code vma} is one
     * PMD-order compound page in the page cache, the caller's PTEs of it (which may map only its
     * own subpages, each at its place) are removed with their table; with {@code installPmd}
     * (MADV_COLLAPSE) the page is then mapped by PMD (set_huge_pmd), even where the caller had
     * no table. An extent that is no compound file page (a seed team) is left as it is.
     * The caller holds the mmap lock for writing.
     *
     * @return false (SCAN_FAIL) if a PTE of the extent maps anything else, or the PMD could not be set
     */
    public boolean collapsePteMappedThp(MmStruct mm, Vma vma, long haddr, boolean installPmd,
                                        PmdTableImpl table) {
        AddressSpace file = (AddressSpace) vma.file();
        long first = vma.linearPageIndex(haddr, g.pageShift());
        long head;
        file.treeLock().lock();
        try {
            head = file.find(first);
            if (head == AddressSpace.NO_PAGE || !isFileCompound(map, head) || !map.test(head, PageFlags.HEAD)) {
                return true;
            }
            m.getPage(head); // held across the walk, like the kernel's folio reference
        } finally {
            file.treeLock().unlock();
        }
        try {
            int i = g.pmdIndex(haddr);
            if (pmd.transHuge(table.get(i))) {
                return true; // SCAN_PMD_MAPPED
            }
            if (!pmd.none(table.get(i)) && !dropPtesOf(mm, table, haddr, head)) {
                return false;
            }
            if (!installPmd) {
                return true;
            }
            m.getPage(head); // the PMD's reference
            if (doSetPmd(mm, vma, table, haddr, head, false) != Fault.DONE) {
                m.putPage(head);
                return false;
            }
            return true;
        } finally {
            m.putPage(head);
        }
    }

    /** The PTE table at {@code haddr}, mapping only subpages of {@code head} in place, emptied and freed. */
    private boolean dropPtesOf(MmStruct mm, PmdTableImpl table, long haddr, long head) {
        int i = g.pmdIndex(haddr);
        PteTableImpl t = table.child(i);
        if (t == null) {
            return true;
        }
        for (int k = 0; k < nr; k++) {
            long e = t.get(k);
            if (!pte.none(e) && (pte.special(e) || pte.pfn(e) != head + k)) {
                return false;
            }
        }
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            ReentrantLock ptl = NestedLock.lock(pml, arch.pteLockptr(mm, t));
            try {
                for (int k = 0; k < nr; k++) {
                    long e = t.getAndSet(k, 0L);
                    if (!pte.none(e)) {
                        rmap.pageRemoveRmap(head + k);
                        mm.addRss(rmap.mmCounter(head), -1);
                        m.putPage(head + k);
                    }
                }
            } finally {
                NestedLock.unlock(ptl);
            }
            arch.pmdpCollapseFlush(mm, haddr, table);
        } finally {
            pml.unlock();
        }
        mm.pageTables().pteFree(t);
        mm.nrPtes().decrementAndGet();
        return true;
    }

    /**
     * The file branch of __split_huge_pmd_locked() (and zap_huge_pmd() of a file PMD): the PMD
     * at {@code haddr} is cleared and flushed, its deposited table freed, the entire mapcount
     * and RSS drop, and the PMD's reference is dropped. No PTE is installed. Called with the PMD
     * lock held; answers the page whose reference the caller must drop once unlocked.
     */
    long clearFilePmdLocked(MmStruct mm, PmdTableImpl table, long haddr) {
        long orig = arch.pmdpHugeGetAndClearFull(mm, haddr, table, false);
        arch.flushPmdTlbRange(mm, haddr, haddr + g.pmdSize());
        long head = pmd.pfn(orig);
        if (pmd.dirty(orig)) {
            map.set(head, PageFlags.DIRTY);
        }
        rmap.pageRemoveFileRmapPmd(head, nr);
        mm.addRss(rmap.mmCounter(head), -nr);
        PteTableImpl pgtable = (PteTableImpl) arch.pgtableTransHugeWithdraw(mm, haddr, table);
        mm.nrPtes().decrementAndGet();
        mm.pageTables().pteFree(pgtable);
        return head;
    }

    /**
     * __split_huge_pmd() of a compound file PMD: cleared, never remapped (thp_split_pmd).
     * Nothing happens if the slot no longer holds a huge PMD.
     */
    void splitFilePmd(MmStruct mm, PmdTableImpl table, long addr) {
        long haddr = addr & g.pmdMask();
        mm.mmuNotifierInvalidateRange(haddr, haddr + g.pmdSize());
        long head;
        ReentrantLock pml = arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            if (!pmd.transHuge(table.get(g.pmdIndex(haddr)))) {
                return;
            }
            head = clearFilePmdLocked(mm, table, haddr);
        } finally {
            pml.unlock();
        }
        m.stat.count(VmStat.Event.THP_SPLIT_PMD);
        m.putPage(head);
    }
}
