package org.thplab.mm.mmtypes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** The VMAs of an mm, ordered by start address (the kernel's rbtree and list). */
public final class VmaTree {
    private final TreeMap<Long, Vma> byStart = new TreeMap<>();
    /** vmacache: the last VMA found, so that runs of accesses to one mapping neither search nor box. */
    private volatile Vma cached;

    /** find_vma() narrowed to containment: the VMA holding {@code addr}, or null. */
    public Vma find(long addr) {
        Vma c = cached;
        if (c != null && c.start() <= addr && addr < c.end()) {
            return c;
        }
        var e = byStart.floorEntry(addr);
        Vma v = e != null && addr < e.getValue().end() ? e.getValue() : null;
        if (v != null) {
            cached = v;
        }
        return v;
    }

    /** Adds {@code vma}; its range must be free. */
    public void insert(Vma vma) {
        if (!overlapping(vma.start(), vma.end()).isEmpty()) {
            throw new IllegalStateException(vma + " overlaps an existing mapping");
        }
        byStart.put(vma.start(), vma);
        cached = null;
    }

    /** The VMAs overlapping {@code [start, end)}, in address order. */
    public List<Vma> overlapping(long start, long end) {
        List<Vma> out = new ArrayList<>();
        var first = byStart.floorEntry(start);
        Long from = first != null && first.getValue().end() > start ? first.getKey() : Long.valueOf(start);
        for (Vma v : byStart.subMap(from, true, end, false).values()) {
            if (v.end() > start) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * split_vma(): cuts the VMA holding {@code addr} in two at {@code addr} (page aligned);
     * nothing happens if {@code addr} is a boundary already.
     *
     * @return the new upper part, or null if nothing was split
     */
    public Vma splitAt(long addr, int pageShift) {
        Vma v = find(addr);
        if (v == null || v.start() == addr) {
            return null;
        }
        cached = null;
        Vma tail = v.copy();
        tail.setRange(addr, v.end(), v.pgoff() + ((addr - v.start()) >>> pageShift));
        v.setRange(v.start(), addr, v.pgoff());
        byStart.put(addr, tail);
        return tail;
    }

    /**
     * vma_merge() after a change of flags in {@code [start, end)}: neighbours that touch and
     * agree in flags, protection, file, file offset and anon_vma become one VMA.
     *
     * @return the VMAs merged away (for the caller to unlink from their file)
     */
    public List<Vma> mergeAround(long start, long end, int pageShift) {
        cached = null;
        List<Vma> gone = new ArrayList<>();
        List<Vma> span = overlapping(Math.max(0, start - 1), end + 1);
        Vma prev = null;
        for (Vma v : span) {
            if (prev != null && mergeable(prev, v, pageShift)) {
                byStart.remove(v.start(), v);
                prev.setRange(prev.start(), v.end(), prev.pgoff());
                if (prev.anonVma() == 0) {
                    prev.setAnonVma(v.anonVma());
                }
                gone.add(v);
            } else {
                prev = v;
            }
        }
        return gone;
    }

    private static boolean mergeable(Vma a, Vma b, int pageShift) {
        return a.end() == b.start() && a.flags() == b.flags() && a.pageProt() == b.pageProt() && a.file() == b.file()
                && a.pgoff() + ((a.end() - a.start()) >>> pageShift) == b.pgoff()
                && (a.anonVma() == b.anonVma() || a.anonVma() == 0 || b.anonVma() == 0);
    }

    /** Removes {@code vma}. */
    public void remove(Vma vma) {
        cached = null;
        byStart.remove(vma.start(), vma);
    }

    /** Every VMA in address order. */
    public Collection<Vma> all() {
        return byStart.values();
    }

    /** Whether any VMA overlaps {@code [start, end)}. */
    public boolean anyIn(long start, long end) {
        return !overlapping(start, end).isEmpty();
    }
}
