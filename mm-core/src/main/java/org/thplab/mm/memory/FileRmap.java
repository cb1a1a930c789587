package org.thplab.mm.memory;

import org.thplab.api.arch.Geometry;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * The file side of reverse mapping (mm/rmap.c, mm/memory.c): through a file's i_mmap, every
 * process that maps some of its pages is found, to unmap them (truncate, hole punch) or to
 * map a rebuilt team by PMD (recovery).
 */
public final class FileRmap implements AddressSpace.RangeUnmapper {
    private final Memory memory;
    private final Geometry g;

    public FileRmap(Memory memory, Geometry g) {
        this.memory = memory;
        this.g = g;
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
