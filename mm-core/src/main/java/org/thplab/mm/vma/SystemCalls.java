package org.thplab.mm.vma;

import java.util.List;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.CollapseResult;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.huge.Khugepaged.ScanResult;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFile;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pagecache.AddressSpace;

/**
 * The system calls that reshape an address space (mm/mmap.c, mm/mprotect.c, kernel/fork.c):
 * each takes the mmap lock for writing and leaves VMAs, page tables and counters consistent.
 */
public final class SystemCalls {
    private final Architecture arch;
    private final Geometry g;
    private final Memory memory;
    private final HugeMemory huge;
    private final MoveTables moveTables;
    private final MadviseCollapse collapse;

    public SystemCalls(Architecture arch, Memory memory, HugeMemory huge, MoveTables moveTables) {
        this.huge = huge;
        this.arch = arch;
        this.g = arch.geometry();
        this.memory = memory;
        this.moveTables = moveTables;
        this.collapse = new MadviseCollapse(g, huge, memory.pluginFailures());
    }

    /**
     * mmap() of private anonymous memory at {@code [start, end)}, which must be free.
     *
     * @param prot {@link VmFlag#READ}, {@link VmFlag#WRITE}, {@link VmFlag#EXEC} bits
     */
    public Vma mmapAnonymous(MmStruct mm, long start, long end, int prot) {
        int flags = (prot & (VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC)) | VmFlag.MAYWRITE;
        Vma vma = new Vma(start, end, flags, arch.vmGetPageProt(flags), start >>> g.pageShift());
        mm.mmapLock().writeLock().lock();
        try {
            mm.vmas().insert(vma);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
        return vma;
    }

    /**
     * mmap() of {@code file} from page {@code pgoff} at {@code [start, end)}, which must be free.
     *
     * @param shared MAP_SHARED (writes reach the file) rather than MAP_PRIVATE
     */
    public Vma mmapFile(MmStruct mm, long start, long end, int prot, boolean shared, AddressSpace file, long pgoff) {
        int flags = (prot & (VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC)) | VmFlag.MAYWRITE
                | (shared ? VmFlag.SHARED : 0);
        Vma vma = new Vma(start, end, flags, arch.vmGetPageProt(flags), pgoff, file);
        mm.mmapLock().writeLock().lock();
        try {
            mm.vmas().insert(vma);
            file.link(mm, vma);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
        return vma;
    }

    /** split_vma() at both ends of a range; new parts of file VMAs join the file's i_mmap. */
    private void splitAround(MmStruct mm, long start, long end) {
        for (long at : new long[] {start, end}) {
            Vma cut = mm.vmas().find(at);
            if (cut == null || cut.start() == at) {
                continue;
            }
            // __vma_adjust: a file VMA changes shape under its file's i_mmap lock.
            VmFile file = cut.file();
            if (file != null) {
                file.iMmap().writeLock().lock();
            }
            try {
                huge.splitHugePmdAddress(mm, cut, at);
                Vma tail = mm.vmas().splitAt(at, g.pageShift());
                if (file != null) {
                    file.link(mm, tail);
                }
            } finally {
                if (file != null) {
                    file.iMmap().writeLock().unlock();
                }
            }
        }
    }

    /** vma_merge() around a changed range; merged-away VMAs leave their file's i_mmap. */
    private void mergeAround(MmStruct mm, long start, long end) {
        for (Vma gone : mm.vmas().mergeAround(start, end, g.pageShift())) {
            if (gone.file() != null) {
                gone.file().unlink(gone);
            }
        }
    }

    /** Removes {@code v} from the mm and from its file's i_mmap. */
    private void unlinkVma(MmStruct mm, Vma v) {
        mm.vmas().remove(v);
        if (v.file() != null) {
            v.file().unlink(v);
        }
    }

    /** munmap(): removes the mappings of {@code [start, end)} and the page tables nothing else uses. */
    public void munmap(MmStruct mm, long start, long end) {
        mm.mmapLock().writeLock().lock();
        try {
            unmapLocked(mm, start, end);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }

    /** do_munmap() with the mmap lock held for writing. */
    private void unmapLocked(MmStruct mm, long start, long end) {
        splitAround(mm, start, end);
        for (Vma v : mm.vmas().overlapping(start, end)) {
            memory.zapRange(mm, v, v.start(), v.end());
            unlinkVma(mm, v);
        }
        memory.freePgtables(mm, start, end);
    }

    /** mprotect(): new protection bits for {@code [start, end)}; PTEs follow at once. */
    public void mprotect(MmStruct mm, long start, long end, int prot) {
        mm.mmapLock().writeLock().lock();
        try {
            splitAround(mm, start, end);
            for (Vma v : mm.vmas().overlapping(start, end)) {
                int flags = (v.flags() & ~(VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC))
                        | (prot & (VmFlag.READ | VmFlag.WRITE | VmFlag.EXEC));
                v.setFlags(flags, arch.vmGetPageProt(flags));
                memory.changeProtection(mm, v, v.start(), v.end());
            }
            mergeAround(mm, start, end);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }

    /**
     * mremap(MREMAP_MAYMOVE | MREMAP_FIXED): moves the mapping {@code [oldStart, oldStart +
     * oldLen)}, which must lie in one VMA, to the free range at {@code newStart}, shrinking or
     * growing it to {@code newLen}. Page tables move as move_page_tables does.
     *
     * @throws IllegalArgumentException if the old range is not inside one mapping, or the new
     *         range is not free
     */
    public void mremap(MmStruct mm, long oldStart, long oldLen, long newStart, long newLen) {
        mm.mmapLock().writeLock().lock();
        try {
            Vma vma = mm.vmas().find(oldStart);
            if (vma == null || oldStart + oldLen > vma.end()) {
                throw new IllegalArgumentException(String.format(
                        "mremap: [%#x, %#x) expected inside one mapping (EFAULT), found %s", oldStart, oldStart + oldLen,
                        mm.vmas().overlapping(oldStart, oldStart + oldLen)));
            }
            if (mm.vmas().anyIn(newStart, newStart + newLen)) {
                throw new IllegalArgumentException(String.format("mremap: the target [%#x, %#x) is not free",
                        newStart, newStart + newLen));
            }
            if (newLen < oldLen) {
                unmapLocked(mm, oldStart + newLen, oldStart + oldLen);
                oldLen = newLen;
                vma = mm.vmas().find(oldStart);
            }
            splitAround(mm, oldStart, oldStart + oldLen);
            vma = mm.vmas().find(oldStart);
            Vma moved = vma.copy();
            moved.setRange(newStart, newStart + oldLen, vma.pgoff());
            mm.vmas().insert(moved);
            if (moved.file() != null) {
                moved.file().link(mm, moved);
            }
            if (moveTables.movePageTables(mm, vma, oldStart, newStart, oldLen) != Fault.DONE) {
                throw new IllegalStateException("mremap: out of memory for page tables");
            }
            unmapLocked(mm, oldStart, oldStart + oldLen);
            if (newLen > oldLen) {
                moved.setRange(newStart, newStart + newLen, moved.pgoff());
            }
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }

    /**
     * madvise(MADV_DONTNEED): drops the pages of {@code [start, end)}, keeping the mappings;
     * the next access faults afresh (zeroes for anonymous memory).
     */
    public void madviseDontneed(MmStruct mm, long start, long end) {
        mm.mmapLock().readLock().lock();
        try {
            for (Vma v : mm.vmas().overlapping(start, end)) {
                memory.zapRange(mm, v, Math.max(start, v.start()), Math.min(end, v.end()));
            }
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /**
     * madvise(MADV_COLLAPSE): the extents of {@code [start, end)} collapsed into huge pages now,
     * as Linux 6.18 walks them ({@link MadviseCollapse}).
     *
     * @return whether every extent of the range is now huge (the call's success)
     */
    public boolean madviseCollapse(MmStruct mm, long start, long end) {
        mm.mmapLock().writeLock().lock();
        try {
            return collapse.madviseCollapse(mm, start, end) == MadviseCollapse.Status.SUCCESS;
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }

    /**
     * One khugepaged pass over an mm (khugepaged_scan_mm_slot): every PMD extent of every
     * eligible anonymous VMA (transparent_hugepage_enabled and an anon_vma) is scanned and
     * collapsed where it qualifies; every whole extent of a file VMA without MADV_NOHUGEPAGE
     * is offered to its filesystem, which judges the mapping and applies the policy's limits.
     *
     * @return how many extents were collapsed
     */
    public int khugepagedScanMm(MmStruct mm, AnonymousMemory policy) {
        int collapsed = 0;
        mm.mmapLock().writeLock().lock();
        try {
            long pmdSize = g.pmdSize();
            for (Vma vma : List.copyOf(mm.vmas().all())) {
                if (vma.file() != null) {
                    collapsed += khugepagedScanFile(mm, vma, policy);
                    continue;
                }
                if (!vma.isAnonymous() || vma.anonVma() == 0
                        || !policy.hugeEnabled(vma.has(VmFlag.HUGEPAGE), vma.has(VmFlag.NOHUGEPAGE))) {
                    continue;
                }
                for (long haddr = (vma.start() + pmdSize - 1) & -pmdSize; haddr + pmdSize <= vma.end();
                        haddr += pmdSize) {
                    if (huge.khugepaged().khugepagedScanPmd(mm, vma, haddr, policy)
                            == ScanResult.SUCCEED) {
                        collapsed++;
                    }
                }
            }
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
        return collapsed;
    }

    /**
     * hpage_collapse_scan_file() for each whole extent of a file VMA mapped congruently
     * (without MADV_NOHUGEPAGE): what the filesystem collapses counts.
     */
    private int khugepagedScanFile(MmStruct mm, Vma vma, AnonymousMemory policy) {
        long pmdSize = g.pmdSize();
        int nr = g.hpagePmdNr();
        if (vma.has(VmFlag.NOHUGEPAGE) || (((vma.start() >>> g.pageShift()) - vma.pgoff()) & (nr - 1)) != 0) {
            return 0;
        }
        int collapsed = 0;
        for (long haddr = (vma.start() + pmdSize - 1) & -pmdSize; haddr + pmdSize <= vma.end(); haddr += pmdSize) {
            CollapseResult r = FileCollapseRequest.ask(memory.pluginFailures(), vma, haddr, g, policy);
            if (r == CollapseResult.COLLAPSED) {
                collapsed++;
            }
            if (r == CollapseResult.ALREADY_HUGE && mm.pageTables().pmdTable(haddr) != null) {
                // collapse_pte_mapped_thp(install_pmd=false): its PTEs go with their table
                huge.filePmd().collapsePteMappedThp(mm, vma, haddr, false, mm.pageTables().pmdTable(haddr));
            }
        }
        return collapsed;
    }

    /** madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE): sets one flag and clears the other on {@code [start, end)}. */
    public void madviseHugepage(MmStruct mm, long start, long end, boolean huge) {
        mm.mmapLock().writeLock().lock();
        try {
            splitAround(mm, start, end);
            for (Vma v : mm.vmas().overlapping(start, end)) {
                int flags = huge ? (v.flags() | VmFlag.HUGEPAGE) & ~VmFlag.NOHUGEPAGE
                        : (v.flags() | VmFlag.NOHUGEPAGE) & ~VmFlag.HUGEPAGE;
                v.setFlags(flags, v.pageProt());
            }
            mergeAround(mm, start, end);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }

    /**
     * dup_mmap(): copies every VMA of {@code parent} into the empty {@code child}, and the
     * PTEs of those that have anonymous pages.
     *
     * @return {@link Fault#DONE}, or {@link Fault#OOM} when the child's page tables could not
     *         be allocated (the child then holds what was copied, to be torn down by exit)
     */
    public int dupMmap(MmStruct child, MmStruct parent) {
        parent.mmapLock().writeLock().lock();
        child.mmapLock().writeLock().lock();
        try {
            for (Vma v : parent.vmas().all()) {
                Vma copy = v.copy();
                child.vmas().insert(copy);
                if (copy.file() != null) {
                    copy.file().link(child, copy);
                }
                if (memory.copyPageRange(child, parent, v) != Fault.DONE) {
                    return Fault.OOM;
                }
            }
            return Fault.DONE;
        } finally {
            child.mmapLock().writeLock().unlock();
            parent.mmapLock().writeLock().unlock();
        }
    }

    /** exit_mmap(): tears down every mapping and page table of the mm. */
    public void exitMmap(MmStruct mm) {
        mm.mmapLock().writeLock().lock();
        try {
            for (Vma v : List.copyOf(mm.vmas().all())) {
                memory.zapRange(mm, v, v.start(), v.end());
                unlinkVma(mm, v);
                memory.freePgtables(mm, v.start(), v.end());
            }
            mm.pageTables().release();
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }
}
