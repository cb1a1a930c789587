package org.thplab.mm.memory;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.NestedLock;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * The file side of reverse mapping (mm/rmap.c, mm/memory.c): through a file's i_mmap, every
 * process that maps some of its pages is found, to unmap them (truncate, hole punch) or to
 * map a rebuilt team by PMD (recovery).
 */
public final class FileRmap implements AddressSpace.RangeUnmapper {
    private final Memory memory;
    private final Machine m;
    private final Geometry g;

    public FileRmap(Memory memory, Machine m) {
        this.memory = memory;
        this.m = m;
        this.g = m.g;
    }

    /**
     * split_huge_page() of a page-cache compound page (the file side, 6.x): the page is
     * unmapped from every mapping of the file (unmap_folio: a PMD is cleared, never remapped;
     * private copies stay), then, unless something beyond the cache holds it, each subpage
     * becomes a small cached page with one reference and the head's flags. The page lock of the
     * head is held throughout, so no fault maps it meanwhile.
     */
    @Override
    public boolean splitFolio(AddressSpace file, long index) {
        long head;
        file.treeLock().lock();
        try {
            long page = file.find(index);
            if (page == AddressSpace.NO_PAGE || !PageFlags.fileCompound(m.map.flags(page))) {
                throw new IllegalArgumentException(String.format("%s: splitFolio at index %d, which holds %s", file,
                        index, page == AddressSpace.NO_PAGE ? "nothing" : "no compound page"));
            }
            head = m.compoundHead(page);
        } finally {
            file.treeLock().unlock();
        }
        int nr = file.hpageNr();
        long first = m.map.index(head);
        while (!m.map.trylockPage(head)) {
            Thread.onSpinWait();
        }
        try {
            unmapMappingRange(file, first, nr, false);
            file.treeLock().lock();
            try {
                if (m.map.refcount(head) != nr || m.map.priv(head) != 0) {
                    m.stat.count(VmStat.Event.THP_SPLIT_PAGE_FAILED); // pinned: it stays compound
                    return false;
                }
                int inherited = m.map.flags(head) & (PageFlags.UPTODATE | PageFlags.DIRTY | PageFlags.SWAPBACKED);
                m.map.clear(head, PageFlags.HEAD);
                m.map.setRefcount(head, 1);
                for (int k = 1; k < nr; k++) {
                    m.map.clear(head + k, PageFlags.TAIL);
                    m.map.set(head + k, inherited);
                    m.map.setRefcount(head + k, 1);
                }
                m.stat.count(VmStat.Event.THP_SPLIT_PAGE);
                return true;
            } finally {
                file.treeLock().unlock();
            }
        } finally {
            m.map.unlockPage(head);
        }
    }

    /**
     * retract_page_tables(): in each mapping of {@code file} that could map the extent at file
     * page {@code first} by PMD (congruent, the extent inside, no anon_vma) and whose PTE table
     * there maps nothing, the table is taken out (pmdp_collapse_flush) and freed, so the next
     * fault finds the PMD slot empty.
     */
    @Override
    public int retractPageTables(AddressSpace file, long first) {
        int retracted = 0;
        file.iMmap().readLock().lock();
        try {
            for (AddressSpace.Mapping mp : file.mappings()) {
                Vma vma = mp.vma();
                long haddr = vma.start() + ((first - vma.pgoff()) << g.pageShift());
                if (vma.anonVma() != 0 || first < vma.pgoff() || !vma.pmdSuitable(g, haddr)) {
                    continue;
                }
                if (retractTable(mp.mm(), haddr)) {
                    retracted++;
                }
            }
        } finally {
            file.iMmap().readLock().unlock();
        }
        return retracted;
    }

    private boolean retractTable(MmStruct mm, long haddr) {
        PmdTableImpl table = mm.pageTables().pmdTable(haddr);
        if (table == null) {
            return false;
        }
        int i = g.pmdIndex(haddr);
        PteTableImpl t;
        ReentrantLock pml = m.arch.pmdLockptr(mm, table);
        pml.lock();
        try {
            long v = table.get(i);
            if (m.arch.pmd().none(v) || m.arch.pmd().transHuge(v)) {
                return false;
            }
            t = table.child(i);
            ReentrantLock ptl = NestedLock.lock(pml, m.arch.pteLockptr(mm, t));
            try {
                for (int j = 0; j < t.size(); j++) {
                    if (!m.arch.pte().none(t.get(j))) {
                        return false;
                    }
                }
                m.arch.pmdpCollapseFlush(mm, haddr, table);
            } finally {
                NestedLock.unlock(ptl);
            }
        } finally {
            pml.unlock();
        }
        mm.pageTables().pteFree(t);
        mm.nrPtes().decrementAndGet();
        return true;
    }

    /**
     * unmap_mapping_range(): removes every mapping of the file pages {@code [first, first +
     * count)} from every process, as truncate and hole punch must before they free pages. Huge
     * PMDs the range does not wholly cover are remapped by PTEs first. Without
     * {@code evenCows}, private copies already made of those pages stay.
     */
    @Override
    public void unmap(AddressSpace file, long first, long count, boolean evenCows) {
        unmapMappingRange(file, first, count, evenCows);
    }

    /**
     * remap_team_by_pmd() in every mapping of {@code file} that can map the extent at file
     * page {@code first} by one PMD and maps nothing there but the team's own pages; other
     * processes' mmap locks are only tried, as the kernel's recovery does.
     */
    @Override
    public int remapTeamByPmd(AddressSpace file, long first, long head) {
        int remapped = 0;
        file.iMmap().readLock().lock();
        try {
            for (AddressSpace.Mapping mp : file.mappings()) {
                Vma vma = mp.vma();
                long haddr = vma.start() + ((first - vma.pgoff()) << g.pageShift());
                boolean aligned = ((vma.start() - (vma.pgoff() << g.pageShift())) & ~g.pmdMask()) == 0;
                if (vma.anonVma() != 0 || !aligned || haddr < vma.start() || haddr + g.pmdSize() > vma.end()) {
                    continue;
                }
                MmStruct mm = mp.mm();
                if (!mm.mmapLock().writeLock().tryLock()) {
                    continue;
                }
                try {
                    PmdTableImpl table = mm.pageTables().pmdTable(haddr);
                    if (table != null && memory.huge().remapTeamByPmd(mm, vma, table, haddr, head)) {
                        remapped++;
                    }
                } finally {
                    mm.mmapLock().writeLock().unlock();
                }
            }
        } finally {
            file.iMmap().readLock().unlock();
        }
        return remapped;
    }

    public void unmapMappingRange(AddressSpace file, long first, long count, boolean evenCows) {
        file.iMmap().readLock().lock();
        try {
            for (AddressSpace.Mapping mp : file.mappings()) {
                Vma vma = mp.vma();
                long vmaPages = (vma.end() - vma.start()) >>> g.pageShift();
                long from = Math.max(first, vma.pgoff());
                long to = Math.min(first + count, vma.pgoff() + vmaPages);
                if (from >= to) {
                    continue;
                }
                long start = vma.start() + ((from - vma.pgoff()) << g.pageShift());
                long end = vma.start() + ((to - vma.pgoff()) << g.pageShift());
                memory.zapRange(mp.mm(), vma, start, end, !evenCows);
            }
        } finally {
            file.iMmap().readLock().unlock();
        }
    }
}
