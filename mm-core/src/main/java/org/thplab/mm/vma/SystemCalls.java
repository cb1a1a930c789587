package org.thplab.mm.vma;

import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Memory;

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

    /** munmap(): removes the mappings of {@code [start, end)} and the page tables nothing else uses. */
    public void munmap(MmStruct mm, long start, long end) {
        mm.mmapLock().writeLock().lock();
        try {
            mm.vmas().splitAt(start, g.pageShift());
            mm.vmas().splitAt(end, g.pageShift());
            for (Vma v : mm.vmas().overlapping(start, end)) {
                memory.zapRange(mm, v.start(), v.end());
                mm.vmas().remove(v);
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
            mm.vmas().splitAt(start, g.pageShift());
            mm.vmas().splitAt(end, g.pageShift());
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
                child.vmas().insert(v.copy());
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
                memory.zapRange(mm, v.start(), v.end());
                mm.vmas().remove(v);
                memory.freePgtables(mm, v.start(), v.end());
            }
            mm.pageTables().release();
        } finally {
            mm.mmapLock().writeLock().unlock();
        }
    }
}
