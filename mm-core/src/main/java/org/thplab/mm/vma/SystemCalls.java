package org.thplab.mm.vma;

import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.pagecache.AddressSpace;

/**
 * The system calls that reshape an address space (mm/mmap.c, mm/mprotect.c, kernel/fork.c):
 * each takes the mmap lock for writing and leaves VMAs, page tables and counters consistent.
 */
public final class SystemCalls {
    private final Architecture arch;
    private final Geometry g;
    private final Memory memory;

    public SystemCalls(Architecture arch, Memory memory) {
        this.arch = arch;
        this.g = arch.geometry();
        this.memory = memory;
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
            Vma tail = mm.vmas().splitAt(at, g.pageShift());
            if (tail != null && tail.file() != null) {
                tail.file().link(mm, tail);
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
            splitAround(mm, start, end);
            for (Vma v : mm.vmas().overlapping(start, end)) {
                memory.zapRange(mm, v, v.start(), v.end());
                unlinkVma(mm, v);
            }
            memory.freePgtables(mm, start, end);
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
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
            for (Vma v : java.util.List.copyOf(mm.vmas().all())) {
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
