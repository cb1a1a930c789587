package org.thplab.mm.memory;

import org.thplab.api.fs.VmArea;
import org.thplab.api.fs.VmFault;

/** The {@code struct vm_fault} handed to a filesystem: one per thread, reset for each fault. */
final class FaultContext implements VmFault {
    private long pgoff;
    private long address;
    private int flags;
    private VmArea vma;
    private long page;

    FaultContext reset(VmArea vma, long address, long pgoff, int flags) {
        this.vma = vma;
        this.address = address;
        this.pgoff = pgoff;
        this.flags = flags;
        this.page = -1;
        return this;
    }

    /** Drops the mapping once the fault is over: the thread keeps this object, not what it pointed at. */
    void release() {
        this.vma = null;
    }

    @Override
    public long pgoff() {
        return pgoff;
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public VmArea vma() {
        return vma;
    }

    @Override
    public long page() {
        return page;
    }

    @Override
    public void setPage(long pfn) {
        this.page = pfn;
    }
}
