package org.thplab.launcher.fuzz;

import java.util.Map;

/**
 * The generated scripts' machine: small, since the invariant checker's recount grows with the
 * frames it looks at, and never short, since the {@link Generator} draws no map, mremap, fork,
 * file or truncate that could make the worst case exceed it (running out would fail a script
 * for no bug).
 */
final class MemoryBudget {
    /** The machine's memory in PMDs. */
    static final int MEMORY_PMDS = 64;
    /** Page tables, the huge zero page and a collapse's new THP before it frees the old pages. */
    private static final int SPARE_PMDS = 8;

    private final ByteModel model;
    private final int pmdPages;

    MemoryBudget(ByteModel model, int pmdPages) {
        this.model = model;
        this.pmdPages = pmdPages;
    }

    /**
     * The most memory the script could hold now, in PMDs, if every page of every region had a
     * private copy in a THP of its own extent and every file were complete teams.
     */
    private long worstCasePmds() {
        long pmds = SPARE_PMDS;
        for (Map<String, RegionModel> regions : model.procs.values()) {
            for (RegionModel r : regions.values()) {
                pmds += pmdsOf(r.pages());
            }
        }
        for (FileModel f : model.files.values()) {
            pmds += pmdsOf(f.pages);
        }
        return pmds;
    }

    /** PMD extents {@code pages} can touch, shifted off alignment. */
    private long pmdsOf(long pages) {
        return (pages + pmdPages - 1) / pmdPages + 1;
    }

    /** Whether a new region or file of {@code pages} keeps the worst case within memory. */
    boolean fits(long pages) {
        return worstCasePmds() + pmdsOf(pages) <= MEMORY_PMDS;
    }

    /** Whether a region or file of {@code pages} grown (or shrunk) to {@code newPages} does. */
    boolean fitsResize(long pages, long newPages) {
        return worstCasePmds() - pmdsOf(pages) + pmdsOf(newPages) <= MEMORY_PMDS;
    }

    /** Whether a fork of {@code parent} (a copy of each of its regions) does. */
    boolean fitsFork(String parent) {
        long pmds = 0;
        for (RegionModel r : model.procs.get(parent).values()) {
            pmds += pmdsOf(r.pages());
        }
        return worstCasePmds() + pmds <= MEMORY_PMDS;
    }
}
