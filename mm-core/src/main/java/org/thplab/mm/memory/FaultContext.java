package org.thplab.mm.memory;

import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.VmArea;
import org.thplab.api.fs.VmFault;
import org.thplab.mm.mmtypes.Vma;

/**
 * The {@code struct vm_fault} handed to a filesystem: one per thread, reset for each fault,
 * with the faulting VMA seen through {@link VmArea} (made once, re-pointed each fault).
 */
final class FaultContext implements VmFault {
    private long pgoff;
    private long address;
    private int flags;
    private long page;
    private final Area area = new Area();

    FaultContext reset(Vma vma, Geometry g, long address, long pgoff, int flags) {
        this.area.vma = vma;
        this.area.g = g;
        this.address = address;
        this.pgoff = pgoff;
        this.flags = flags;
        this.page = -1;
        return this;
    }

    /** Drops the mapping once the fault is over: the thread keeps this object, not what it pointed at. */
    void release() {
        this.area.vma = null;
        this.area.g = null;
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

    /** The faulting VMA as a filesystem may read it. */
    private static final class Area implements VmArea {
        private Vma vma;
        private Geometry g;

        @Override
        public long start() {
            return vma.start();
        }

        @Override
        public long end() {
            return vma.end();
        }

        @Override
        public long pgoff() {
            return vma.pgoff();
        }

        @Override
        public boolean shared() {
            return vma.shared();
        }

        @Override
        public boolean hugepage() {
            return vma.hugepage();
        }

        @Override
        public boolean hasAnonVma() {
            return vma.hasAnonVma();
        }

        @Override
        public boolean nohugepage() {
            return vma.nohugepage();
        }

        @Override
        public boolean pmdSuitable(long address) {
            return vma.pmdSuitable(g, address);
        }
    }
}
