package org.thplab.mm;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.thplab.api.API;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.proc.TaskMmu;

/**
 * A process of a {@link Kernel}: its address space, the system calls that change it, and
 * the loads and stores a program makes. Addresses and lengths are in bytes and must be
 * page aligned where the system call requires it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Process {
    /** PROT_NONE. */
    public static final int PROT_NONE = 0;
    /** PROT_READ. */
    public static final int PROT_READ = VmFlag.READ;
    /** PROT_WRITE. */
    public static final int PROT_WRITE = VmFlag.WRITE;
    /** PROT_EXEC. */
    public static final int PROT_EXEC = VmFlag.EXEC;

    /** The outcome of a load, and the byte loaded when it succeeded. */
    public record Load(Access access, int value) {
    }

    private final Kernel kernel;
    private final MmStruct mm;
    private final Geometry g;
    private boolean exited;

    Process(Kernel kernel, MmStruct mm) {
        this.kernel = kernel;
        this.mm = mm;
        this.g = kernel.architecture().geometry();
    }

    /** The machine this process runs on. */
    Kernel kernel() {
        return kernel;
    }

    MmStruct mm() {
        return mm;
    }

    /** A small number identifying the process's mm. */
    public int id() {
        return mm.id();
    }

    /**
     * mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE) of {@code len} bytes at {@code addr}.
     *
     * @throws IllegalArgumentException if the range is misaligned, empty, beyond the user
     *         address space, or overlaps a mapping
     */
    public void mmapAnonymous(long addr, long len, int prot) {
        checkRange("mmap", addr, len);
        if (mm.vmas().anyIn(addr, addr + len)) {
            throw new IllegalArgumentException(String.format("mmap: [%#x, %#x) overlaps an existing mapping", addr,
                    addr + len));
        }
        kernel.syscalls().mmapAnonymous(mm, addr, addr + len, prot);
    }

    /**
     * mmap(MAP_FIXED_NOREPLACE) of {@code file} from byte {@code offset}, shared or private.
     *
     * @throws IllegalArgumentException if the range or offset is misaligned, the range is taken,
     *         or the file belongs to another kernel
     */
    public void mmapFile(long addr, long len, int prot, boolean shared, FileHandle file, long offset) {
        if (file.kernel() != kernel) {
            throw new IllegalArgumentException("mmap: the file belongs to another kernel");
        }
        if (offset < 0 || (offset & (g.pageSize() - 1)) != 0) {
            throw new IllegalArgumentException(String.format("mmap: offset %#x expected a non-negative multiple of %d",
                    offset, g.pageSize()));
        }
        mmapFile(addr, len, prot, shared, file.mapping(), offset >>> g.pageShift());
    }

    /** mmap() of {@code file} from page {@code pgoff}, shared or private, at a free, aligned range. */
    void mmapFile(long addr, long len, int prot, boolean shared, AddressSpace file,
                  long pgoff) {
        checkRange("mmap", addr, len);
        if (mm.vmas().anyIn(addr, addr + len)) {
            throw new IllegalArgumentException(String.format("mmap: [%#x, %#x) overlaps an existing mapping", addr,
                    addr + len));
        }
        kernel.syscalls().mmapFile(mm, addr, addr + len, prot, shared, file, pgoff);
    }

    /**
     * mmap(MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE): shmem on the internal tmpfs
     * mount, shared with children across fork, gone with its last mapping.
     *
     * @throws IllegalStateException if the tmpfs plugin is not loaded
     */
    public void mmapSharedAnonymous(long addr, long len, int prot) {
        checkRange("mmap", addr, len);
        FileHandle file = kernel.sharedAnonymousFile(len);
        mmapFile(addr, len, prot, true, file, 0);
    }

    /** munmap(). */
    public void munmap(long addr, long len) {
        checkRange("munmap", addr, len);
        kernel.syscalls().munmap(mm, addr, addr + len);
    }

    /** mprotect(); unmapped parts of the range are ignored. */
    public void mprotect(long addr, long len, int prot) {
        checkRange("mprotect", addr, len);
        kernel.syscalls().mprotect(mm, addr, addr + len, prot);
    }

    /**
     * mremap(MREMAP_MAYMOVE | MREMAP_FIXED): moves {@code [oldAddr, oldAddr + oldLen)}, which
     * must lie in one mapping, to the free range at {@code newAddr}, resized to {@code newLen}.
     *
     * @throws IllegalArgumentException if a range is misaligned, the old one spans mappings,
     *         or the new one is taken
     */
    public void mremap(long oldAddr, long oldLen, long newAddr, long newLen) {
        checkRange("mremap", oldAddr, oldLen);
        checkRange("mremap", newAddr, newLen);
        kernel.syscalls().mremap(mm, oldAddr, oldLen, newAddr, newLen);
    }

    /** The madvise() advice the core itself carries out. */
    public enum Advice {
        /** MADV_HUGEPAGE. */
        HUGEPAGE,
        /** MADV_NOHUGEPAGE. */
        NOHUGEPAGE,
        /** MADV_DONTNEED. */
        DONTNEED,
        /** MADV_COLLAPSE: extents collapsed into huge pages now (see {@link #collapse}). */
        COLLAPSE,
        /** MADV_REMOVE: the file pages behind a shared file mapping are freed (a hole punched). */
        REMOVE
    }

    /** madvise(). */
    public void madvise(long addr, long len, Advice advice) {
        checkRange("madvise", addr, len);
        switch (advice) {
            case HUGEPAGE -> kernel.syscalls().madviseHugepage(mm, addr, addr + len, true);
            case NOHUGEPAGE -> kernel.syscalls().madviseHugepage(mm, addr, addr + len, false);
            case DONTNEED -> kernel.syscalls().madviseDontneed(mm, addr, addr + len);
            case COLLAPSE -> collapse(addr, len);
            case REMOVE -> kernel.madviseRemove(mm, addr, addr + len);
        }
    }

    /**
     * madvise(MADV_COLLAPSE): collapses the PMD-aligned extents inside the range into huge
     * pages, in order, as Linux 6.18 does: it stops at an anonymous extent without a page
     * table or a file extent with nothing in the page cache (EINVAL), and an extent mapped by
     * the huge zero page counts as collapsed.
     *
     * @return whether every extent is now mapped by a huge PMD (the call's success)
     */
    public boolean collapse(long addr, long len) {
        checkRange("madvise", addr, len);
        return kernel.syscalls().madviseCollapse(mm, addr, addr + len);
    }

    /**
     * How often each hardware-facing hook ran for this process's mm (flush_tlb_range,
     * update_mmu_cache_pmd, ...), by kernel name, and how many ranges secondary MMUs were told
     * to invalidate ({@code mmu_notifier_invalidate_range}).
     */
    public Map<String, Long> mmEvents() {
        Map<String, Long> out = new TreeMap<>();
        for (ArchEvent e : ArchEvent.values()) {
            out.put(e.kernelName(), mm.archEvents(e));
        }
        out.put("mmu_notifier_invalidate_range", mm.mmuNotifierInvalidations());
        return out;
    }

    /**
     * fork(): a child with a copy-on-write copy of this address space.
     *
     * @throws IllegalStateException if memory ran out while copying (the child is torn down)
     */
    public Process fork() {
        alive();
        MmStruct child = kernel.newMm();
        if (kernel.syscalls().dupMmap(child, mm) != Fault.DONE) {
            kernel.syscalls().exitMmap(child);
            throw new IllegalStateException("fork: out of memory copying the page tables");
        }
        return kernel.register(child);
    }

    /** exit(): every mapping and page table goes. */
    public void exit() {
        alive();
        kernel.syscalls().exitMmap(mm);
        kernel.unregister(this);
        exited = true;
    }

    /** Stores {@code value} into the byte at {@code addr}, faulting as the hardware would make it. */
    public Access store(long addr, int value) {
        int r = access(addr, true, (byte) value);
        return r >= 0 ? Access.OK : OUTCOMES[-r];
    }

    /** Loads the byte at {@code addr}. */
    public Load load(long addr) {
        int r = access(addr, false, (byte) 0);
        return r >= 0 ? new Load(Access.OK, r) : new Load(OUTCOMES[-r], 0);
    }

    private static final Access[] OUTCOMES = Access.values();

    /** The byte accessed (0..255), or minus the ordinal of the failed {@link Access}; allocates nothing. */
    private int access(long addr, boolean write, byte value) {
        alive();
        Memory memory = kernel.memory();
        mm.mmapLock().readLock().lock();
        try {
            Vma vma = mm.vmas().find(addr);
            if (vma == null) {
                return -Access.SEGV.ordinal();
            }
            long pfn = memory.faultIn(mm, vma, addr, write, false);
            if (pfn < 0) {
                return -outcome(pfn, addr).ordinal();
            }
            if (write) {
                kernel.machine().map.setContent(pfn, value);
                return value & 0xff;
            }
            return kernel.machine().map.content(pfn) & 0xff;
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /**
     * The {@link Access} a failed {@link Memory#faultIn} answer means: the one translation of
     * the core's {@link Fault} bits into the facade's outcomes.
     *
     * @throws IllegalStateException if the access still faulted after its faults were handled
     */
    private Access outcome(long failed, long addr) {
        if (failed == Memory.STILL_FAULTS) {
            throw new IllegalStateException(String.format("%s: access to %#x still faults after it was handled", mm,
                    addr));
        }
        int r = (int) -failed;
        return (r & Fault.SIGSEGV) != 0 ? Access.SEGV : (r & Fault.SIGBUS) != 0 ? Access.SIGBUS : Access.OOM;
    }

    /** One character per PMD extent of the range: H huge PMD, Z huge zero page, p PTEs, . nothing. */
    public String layout(long addr, long len) {
        alive();
        mm.mmapLock().readLock().lock();
        try {
            return kernel.taskMmu().layout(mm, addr, addr + len);
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /**
     * Hands {@code action} a read-only snapshot of every PMD extent overlapping
     * {@code [addr, addr + len)}, in address order (the walk {@link #layout} makes, with the
     * page state behind each extent). {@code action} must not call back into the kernel.
     */
    public void extents(long addr, long len, Consumer<PmdExtent> action) {
        alive();
        mm.mmapLock().readLock().lock();
        try {
            kernel.extentWalk().walk(mm, addr, addr + len, action);
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /**
     * How a run of page accesses ended: the first page that faulted for good ({@code failedAt},
     * -1 if none, with its {@code access}), and for a verify how many pages did not hold the
     * value.
     */
    public record PagesAccess(Access access, long failedAt, long mismatches) {
    }

    /**
     * Stores {@code value} into the first byte of every page of {@code [addr, addr + len)}, in
     * order, stopping at the first page that cannot be written (as {@code write} does).
     */
    public PagesAccess storePages(long addr, long len, int value) {
        return accessPages(addr, len, true, (byte) value);
    }

    /**
     * Loads the first byte of every page of {@code [addr, addr + len)}, in order, stopping at
     * the first that cannot be read, and counts those that do not hold {@code value} (as
     * {@code verify} does; {@code read} ignores the count).
     */
    public PagesAccess verifyPages(long addr, long len, int value) {
        return accessPages(addr, len, false, (byte) value);
    }

    /** One mmap-lock hold for the whole run; pages under one huge PMD are reached with one walk. */
    private PagesAccess accessPages(long addr, long len, boolean write, byte value) {
        alive();
        Memory memory = kernel.memory();
        MemMap map = kernel.machine().map;
        long page = g.pageSize();
        long mismatches = 0;
        mm.mmapLock().readLock().lock();
        try {
            for (long a = addr; a < addr + len; ) {
                Vma vma = mm.vmas().find(a);
                if (vma == null) {
                    return new PagesAccess(Access.SEGV, a, mismatches);
                }
                long pfn = memory.faultIn(mm, vma, a, write, false);
                if (pfn < 0) {
                    return new PagesAccess(outcome(pfn, a), a, mismatches);
                }
                long run = Math.max(1, Math.min(memory.translationRun(mm, a), (addr + len - a) / page));
                if (write) {
                    map.setContentRange(pfn, run, value); // a whole huge page's worth stays one template
                } else {
                    mismatches += map.countContentNot(pfn, run, value);
                }
                a += run * page;
            }
            return new PagesAccess(Access.OK, -1, mismatches);
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /** The smaps figures summed over the mappings inside {@code [addr, addr + len)}. */
    public Smaps smaps(long addr, long len) {
        alive();
        mm.mmapLock().readLock().lock();
        try {
            TaskMmu.Counts c = kernel.taskMmu().smaps(mm, addr, addr + len);
            return new Smaps(c.size(), c.rss(), c.anonymous(), c.anonHugePages(), c.shmemPmdMapped());
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    private void checkRange(String call, long addr, long len) {
        alive();
        long mask = g.pageSize() - 1;
        if ((addr & mask) != 0 || (len & mask) != 0 || len <= 0 || addr < 0 || addr + len > g.taskSize()) {
            throw new IllegalArgumentException(String.format(
                    "%s: [%#x, +%#x) expected a non-empty range aligned to %d bytes inside the %d-bit user space",
                    call, addr, len, g.pageSize(), g.userAddressBits()));
        }
    }

    private void alive() {
        if (exited) {
            throw new IllegalStateException("process of " + mm + " has exited");
        }
    }
}
