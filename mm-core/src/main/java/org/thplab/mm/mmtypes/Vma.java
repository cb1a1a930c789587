package org.thplab.mm.mmtypes;

import org.thplab.api.arch.Geometry;


/**
 * A virtual memory area ({@code struct vm_area_struct}): one object per mapping, not per page.
 * Ranges are {@code [start, end)} in bytes; {@code pgoff} is in base pages.
 */
public final class Vma {
    private long start;
    private long end;
    private int flags;
    private long pageProt;
    private long pgoff;
    private int anonVma;
    private final VmFile file;

    /** An anonymous VMA. */
    public Vma(long start, long end, int flags, long pageProt, long pgoff) {
        this(start, end, flags, pageProt, pgoff, null);
    }

    /** A VMA mapping {@code file} from page {@code pgoff}; null for anonymous memory. */
    public Vma(long start, long end, int flags, long pageProt, long pgoff, VmFile file) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.pageProt = pageProt;
        this.pgoff = pgoff;
        this.file = file;
    }

    /** A copy for fork or split. */
    public Vma copy() {
        Vma v = new Vma(start, end, flags, pageProt, pgoff, file);
        v.anonVma = anonVma;
        return v;
    }

    /** vm_file's mapping, or null for anonymous memory. */
    public VmFile file() {
        return file;
    }

    public boolean shared() {
        return has(VmFlag.SHARED);
    }

    public boolean hugepage() {
        return has(VmFlag.HUGEPAGE);
    }

    public boolean hasAnonVma() {
        return anonVma != 0;
    }

    /**
     * thp_vma_suitable_order(PMD_ORDER): the PMD extent holding {@code addr} lies inside the VMA
     * and, for a file VMA, virtual and file offsets are congruent modulo the PMD size.
     */
    public boolean pmdSuitable(Geometry g, long addr) {
        long haddr = addr & g.pmdMask();
        if (haddr < start || haddr + g.pmdSize() > end) {
            return false;
        }
        return file == null || (((start >>> g.pageShift()) - pgoff) & (g.hpagePmdNr() - 1)) == 0;
    }

    /** VM_NOHUGEPAGE. */
    public boolean nohugepage() {
        return has(VmFlag.NOHUGEPAGE);
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** vm_page_prot: the architecture's protection for new entries. */
    public long pageProt() {
        return pageProt;
    }

    public long pgoff() {
        return pgoff;
    }

    /** The anon_vma id; 0 until the first anonymous page (anon_vma_prepare). */
    public int anonVma() {
        return anonVma;
    }

    /** vma_is_anonymous(): no file behind it. */
    public boolean isAnonymous() {
        return file == null;
    }

    /** linear_page_index(): the page offset of {@code addr} in the mapping. */
    public long linearPageIndex(long addr, int pageShift) {
        return ((addr - start) >>> pageShift) + pgoff;
    }

    /** Moves or resizes the VMA (vma_adjust); the caller keeps the VMA tree in order. */
    public void setRange(long start, long end, long pgoff) {
        this.start = start;
        this.end = end;
        this.pgoff = pgoff;
    }

    public void setFlags(int flags, long pageProt) {
        this.flags = flags;
        this.pageProt = pageProt;
    }

    public void setAnonVma(int anonVma) {
        this.anonVma = anonVma;
    }

    @Override
    public String toString() {
        return String.format("vma [%#x, %#x) flags %#x pgoff %#x anon_vma %d", start, end, flags, pgoff, anonVma);
    }
}
