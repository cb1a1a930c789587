package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.fs.FileMapping;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.rmap.Rmap;

/**
 * Mapping cached file pages without asking the filesystem, for filesystems that opt in
 * ({@code VmOperations.mapPages()}): memory.c's do_fault_around() with filemap.c's
 * filemap_map_pages(), and the whole-folio PTE mapping that finish_fault() (6.11+) and
 * filemap_map_pages() (6.18) do for a large folio that fits in the VMA and one page table.
 * Only empty PTEs are filled; PTEs are never installed past the end of the file.
 */
final class FaultAround {
    /** fault_around_bytes: 64 KiB, the kernel's default. */
    static final long FAULT_AROUND_BYTES = 64 << 10;

    private final Machine m;
    private final Architecture arch;
    private final Geometry g;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final MemMap map;
    private final Rmap rmap;
    private final HugePmdOps huge;
    private final TableAlloc tables;
    /** fault_around_pages: a power of two, at least 1 (ppc64's 64 KiB pages: 1, no fault-around). */
    private final int pages;

    FaultAround(Machine m, Rmap rmap, HugePmdOps huge, TableAlloc tables) {
        this.m = m;
        this.arch = m.arch;
        this.g = m.g;
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.map = m.map;
        this.rmap = rmap;
        this.huge = huge;
        this.tables = tables;
        this.pages = (int) Math.max(1, FAULT_AROUND_BYTES >>> g.pageShift());
    }

    /** should_fault_around()'s size test: a block of more than one page. */
    boolean enabled() {
        return pages > 1;
    }

    /**
     * do_fault_around(): the aligned block of fault_around_pages around {@code addr}, clipped
     * to the VMA and the page table, handed to {@link #filemapMapPages}.
     *
     * @return true if {@code addr} is mapped now (the fault is done)
     */
    boolean doFaultAround(MmStruct mm, Vma vma, PmdTableImpl table, long addr) {
        long pteOff = g.pteIndex(addr);
        long vmaOff = (addr - vma.start()) >>> g.pageShift();
        long vmaPages = (vma.end() - vma.start()) >>> g.pageShift();
        long from = Math.max(pteOff & -(long) pages, pteOff - Math.min(pteOff, vmaOff));
        long to = Math.min(Math.min(from + pages, g.hpagePmdNr()), pteOff + vmaPages - vmaOff) - 1;
        long pgoff = vma.linearPageIndex(addr, g.pageShift());
        return filemapMapPages(mm, vma, table, addr, pgoff + from - pteOff, pgoff + to - pteOff);
    }

    /**
     * filemap_map_pages(): the first cached page of {@code [start, end]} may map a PMD-order
     * compound page by PMD (filemap_map_pmd, do_set_pmd) at an empty slot; otherwise a table
     * is installed and every cached, uptodate page of the range up to the end of file is mapped
     * into its empty PTE, a compound page that fits wholly in the VMA, the table and the file
     * with all its subpages.
     */
    private boolean filemapMapPages(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long start, long end) {
        AddressSpace file = (AddressSpace) vma.file();
        long first = nextCached(file, start, end);
        if (first < 0) {
            return false;
        }
        int i = g.pmdIndex(addr);
        if (pmd.transHuge(table.get(i))) {
            return true;
        }
        if (pmd.none(table.get(i))) {
            if (tryMapPmd(mm, vma, table, addr, file, first)) {
                return true;
            }
            if (!tables.pteAlloc(mm, table, addr)) {
                return false;
            }
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            return false;
        }
        long fileEnd = eofIndex(file) - 1;
        end = Math.min(end, fileEnd);
        for (long index = first; index <= end; ) {
            long page = lockCached(file, index);
            if (page < 0) {
                index++;
                continue;
            }
            long head = m.compoundHead(page);
            try {
                if (PageFlags.fileCompound(map.flags(page)) && wholeFolioFits(vma, addr, page)) {
                    long folioFirst = map.index(head);
                    long addr0 = vma.start() + ((folioFirst - vma.pgoff()) << g.pageShift());
                    mapPtes(mm, vma, t, head, 0, g.hpagePmdNr(), addr0, false);
                    index = folioFirst + g.hpagePmdNr();
                } else {
                    long at = vma.start() + ((index - vma.pgoff()) << g.pageShift());
                    mapPtes(mm, vma, t, page, 0, 1, at, false);
                    index++;
                }
            } finally {
                map.unlockPage(head);
                m.putPage(head);
            }
        }
        return !pte.none(t.get(g.pteIndex(addr)));
    }

    /** filemap_map_pmd(): a PMD-order compound page at the first index, mapped by do_set_pmd. */
    private boolean tryMapPmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, AddressSpace file, long index) {
        long page = lockCached(file, index);
        if (page < 0) {
            return false;
        }
        long head = m.compoundHead(page);
        boolean shmem = map.test(head, PageFlags.SWAPBACKED);
        boolean mapped = false;
        try {
            // Only tmpfs may map a PMD across the end of the file (6.18): others keep SIGBUS there.
            if (PageFlags.fileCompound(map.flags(page))
                    && (shmem || map.index(head) + g.hpagePmdNr() <= eofIndex(file))) {
                mapped = huge.doSetPmd(mm, vma, table, addr, head, false) == Fault.DONE;
            }
        } finally {
            map.unlockPage(head);
            if (!mapped) {
                m.putPage(head);
            }
        }
        return mapped;
    }

    /**
     * Whether the compound file page holding {@code page} lies wholly inside the VMA, inside the
     * page table that maps {@code addr}, and inside the file's size, and is swap-backed (the
     * whole-folio mapping is tmpfs's).
     */
    boolean wholeFolioFits(Vma vma, long addr, long page) {
        long head = m.compoundHead(page);
        if (!map.test(head, PageFlags.SWAPBACKED)) {
            return false;
        }
        long first = map.index(head);
        long nr = g.hpagePmdNr();
        long vmaPages = (vma.end() - vma.start()) >>> g.pageShift();
        if (first < vma.pgoff() || first + nr > vma.pgoff() + vmaPages) {
            return false;
        }
        long addr0 = vma.start() + ((first - vma.pgoff()) << g.pageShift());
        if ((addr0 & g.pmdMask()) != (addr & g.pmdMask())
                || ((addr0 + (nr << g.pageShift()) - 1) & g.pmdMask()) != (addr & g.pmdMask())) {
            return false;
        }
        return first + nr <= eofIndex((AddressSpace) vma.file());
    }

    /**
     * finish_fault()'s whole-folio mapping: every subpage of the compound page holding the
     * fault's {@code page} (locked, one reference for the caller) mapped by PTEs, if all those
     * PTEs are empty.
     *
     * @return {@link Fault#DONE}, {@link Fault#OOM}, or {@link Fault#FALLBACK} (some PTE was
     *         present: map the one page; the caller keeps its reference)
     */
    int mapWholeFolio(MmStruct mm, Vma vma, PmdTableImpl table, long addr, long page, boolean write) {
        int i = g.pmdIndex(addr);
        if (pmd.none(table.get(i)) && !tables.pteAlloc(mm, table, addr)) {
            m.putPage(page);
            return Fault.OOM;
        }
        PteTableImpl t = table.child(i);
        if (t == null) {
            m.putPage(page); // mapped huge meanwhile: the access retries through the PMD
            return Fault.DONE;
        }
        long head = m.compoundHead(page);
        long addr0 = addr - ((page - head) << g.pageShift());
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            int j0 = g.pteIndex(addr0);
            for (int k = 0; k < g.hpagePmdNr(); k++) {
                if (!pte.none(t.get(j0 + k))) {
                    return Fault.FALLBACK;
                }
            }
        } finally {
            ptl.unlock();
        }
        mapPtes(mm, vma, t, head, 0, g.hpagePmdNr(), addr0, write);
        m.putPage(page); // each PTE took its own reference
        return Fault.DONE;
    }

    /**
     * set_pte_range(): maps frames {@code [from, to)} of {@code base}, frame k at {@code addr0}
     * plus k pages, each into an empty PTE only, with a reference and a mapcount of its own.
     */
    private void mapPtes(MmStruct mm, Vma vma, PteTableImpl t, long base, int from, int to, long addr0,
                         boolean write) {
        ReentrantLock ptl = arch.pteLockptr(mm, t);
        ptl.lock();
        try {
            for (int k = from; k < to; k++) {
                long at = addr0 + ((long) k << g.pageShift());
                int j = g.pteIndex(at);
                if (!pte.none(t.get(j))) {
                    continue;
                }
                long page = base + k;
                long entry = pte.mk(page, vma.pageProt());
                if (write && vma.has(VmFlag.WRITE)) {
                    entry = pte.mkwrite(pte.mkdirty(entry));
                }
                m.getPage(page);
                rmap.pageDupRmap(page); // page_add_file_rmap
                mm.addRss(rmap.mmCounter(page), 1);
                t.set(j, entry);
                arch.updateMmuCache(mm, at);
            }
        } finally {
            ptl.unlock();
        }
    }

    /** The first index of {@code [start, end]} holding a page, or -1. */
    private static long nextCached(AddressSpace file, long start, long end) {
        file.treeLock().lock();
        try {
            for (long index = start; index <= end; index++) {
                if (file.find(index) != FileMapping.NO_PAGE) {
                    return index;
                }
            }
            return -1;
        } finally {
            file.treeLock().unlock();
        }
    }

    /**
     * next_uptodate_folio(): the uptodate page cached at {@code index} with a reference and its
     * folio's lock taken (trylock: a locked folio is passed over), or -1.
     */
    private long lockCached(AddressSpace file, long index) {
        file.treeLock().lock();
        try {
            long page = file.find(index);
            if (page == FileMapping.NO_PAGE) {
                return -1;
            }
            long head = m.compoundHead(page);
            if (!cachedHere(file, index, page, head) || !map.test(head, PageFlags.UPTODATE) || !map.trylockPage(head)) {
                return -1;
            }
            m.getPage(head);
            return page;
        } finally {
            file.treeLock().unlock();
        }
    }

    /**
     * Whether the frame the filesystem left cached at {@code index} is still a referenced
     * frame of its mount recorded as this file's page there: fault-around maps without asking
     * the filesystem, so a page it freed or mislabelled is passed over, and the fault that
     * follows asks the filesystem, whose answer is checked.
     */
    private boolean cachedHere(AddressSpace file, long index, long page, long head) {
        return page >= 0 && page < map.frames() && map.owner(page) == file.owner() && map.refcount(head) > 0
                && map.mapping(page) == file.id() && map.index(page) == index;
    }

    /** DIV_ROUND_UP(i_size, PAGE_SIZE): the first index past the end of file. */
    private long eofIndex(AddressSpace file) {
        return (file.size() + g.pageSize() - 1) >>> g.pageShift();
    }
}
