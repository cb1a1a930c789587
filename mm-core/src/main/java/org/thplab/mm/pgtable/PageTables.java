package org.thplab.mm.pgtable;

import org.thplab.api.arch.Geometry;

/**
 * One process's page-table tree. The PGD and PUD levels hold table references (nothing in
 * the model encodes them); PMD tables and PTE tables hold the architecture's encoded values.
 *
 * <p>Upper levels are populated under the mm's page_table_lock (the caller's), as
 * __pud_alloc and __pmd_alloc do; they are freed only when the mm goes.
 */
public final class PageTables {
    private final Geometry g;
    private final PgtableAllocator alloc;
    private final PmdTableImpl[][] pgd;
    private final PgtableAllocator.FragmentCache frags = new PgtableAllocator.FragmentCache();
    private int pmdTables;

    public PageTables(Geometry g, PgtableAllocator alloc) {
        this.g = g;
        this.alloc = alloc;
        this.pgd = new PmdTableImpl[g.ptrsPerPgd()][];
    }

    /** pmd_offset() without allocation: the PMD table covering {@code addr}, or null. */
    public PmdTableImpl pmdTable(long addr) {
        PmdTableImpl[] pud = pgd[g.pgdIndex(addr)];
        return pud == null ? null : pud[g.pudIndex(addr)];
    }

    /** pud_alloc + pmd_alloc: the PMD table covering {@code addr}, allocated if missing. */
    public PmdTableImpl pmdAlloc(long addr) {
        int i = g.pgdIndex(addr);
        PmdTableImpl[] pud = pgd[i];
        if (pud == null) {
            pud = pgd[i] = new PmdTableImpl[g.ptrsPerPud()];
        }
        int j = g.pudIndex(addr);
        PmdTableImpl pmd = pud[j];
        if (pmd == null) {
            pmd = pud[j] = alloc.pmdAllocOne();
            pmdTables++;
        }
        return pmd;
    }

    /** pte_alloc_one() for this mm (its fragment cache); null when memory is exhausted. */
    public PteTableImpl pteAllocOne() {
        return alloc.pteAllocOne(frags);
    }

    /** pte_free(). */
    public void pteFree(PteTableImpl table) {
        alloc.pteFree(table);
    }

    /** Visits the PMD tables in address order, each with the address its first entry maps. */
    public void forEachPmdTable(PmdTableVisitor visitor) {
        for (int i = 0; i < pgd.length; i++) {
            PmdTableImpl[] pud = pgd[i];
            if (pud != null) {
                for (int j = 0; j < pud.length; j++) {
                    if (pud[j] != null) {
                        visitor.visit(((long) i << g.pgdirShift()) | ((long) j << g.pudShift()), pud[j]);
                    }
                }
            }
        }
    }

    /** A PMD table and the address its first entry maps. */
    @FunctionalInterface
    public interface PmdTableVisitor {
        void visit(long base, PmdTableImpl table);
    }

    /** The frame this mm's fragment cache still holds a reference on, or -1. */
    public long fragmentCachePfn() {
        return frags.pfn;
    }

    /** PMD tables allocated (nr_pmds). */
    public int pmdTables() {
        return pmdTables;
    }

    /** free_pgtables() at exit: the unused fragments go back; every PTE table must already be freed. */
    public void release() {
        alloc.dropFragments(frags);
    }
}
