package org.thplab.mm.mmtypes;

import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.VmArea;

/**
 * A VMA as a filesystem may read it ({@link VmArea}): made once and re-pointed per fault by
 * the fault path, or made per request; the geometry answers {@link #pmdSuitable}.
 */
public final class VmaView implements VmArea {
    private Vma vma;
    private Geometry g;

    /** A view of nothing yet: {@link #point} it before use. */
    public VmaView() {
    }

    /** A view of {@code vma} on geometry {@code g}. */
    public VmaView(Vma vma, Geometry g) {
        point(vma, g);
    }

    /** Re-points the view (null, null to let go of the VMA). */
    public void point(Vma vma, Geometry g) {
        this.vma = vma;
        this.g = g;
    }

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
