package org.thplab.mm.memory;

import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.VmArea;
import org.thplab.api.fs.VmFault;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.mmtypes.VmaView;

/**
 * The {@code struct vm_fault} handed to a filesystem: one per thread, reset for each fault,
 * with the faulting VMA seen through {@link VmArea} (made once, re-pointed each fault).
 */
final class FaultContext implements VmFault {
    private long pgoff;
    private long address;
    private int flags;
    private long page;
    private final VmaView area = new VmaView();

    FaultContext reset(Vma vma, Geometry g, long address, long pgoff, int flags) {
        this.area.point(vma, g);
        this.address = address;
        this.pgoff = pgoff;
        this.flags = flags;
        this.page = -1;
        return this;
    }

    /** Drops the mapping once the fault is over: the thread keeps this object, not what it pointed at. */
    void release() {
        this.area.point(null, null);
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
        return area;
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
