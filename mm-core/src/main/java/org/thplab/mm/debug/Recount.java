package org.thplab.mm.debug;

/**
 * Per-frame tallies of a recount, in chunks allocated only for frames that are counted,
 * so a recount of a huge, sparsely used memory stays small.
 */
final class Recount {
    private static final int SHIFT = 16;
    private static final int MASK = (1 << SHIFT) - 1;

    /** What is tallied per frame. */
    enum Kind {
        /** PTE mappings of the frame: its expected mapcount. */
        PTE_MAPPINGS,
        /** References that must be held on the frame (a compound page's all on its head). */
        REFS,
        /** PMD mappings of the team, THP or huge zero page whose head this is. */
        PMD_MAPPINGS,
        /** Live or deposited PTE tables carved from this page-table frame. */
        TABLES,
        /** Fragment caches holding this page-table frame. */
        CACHES,
        /** A swap-backed compound file page cached at its head: it counts in ShmemHugePages. */
        CACHED_HUGE,
    }

    private final int[][][] chunks;

    Recount(long frames) {
        chunks = new int[(int) ((frames + MASK) >>> SHIFT)][][];
    }

    long chunkMask() {
        return MASK;
    }

    void bump(Kind kind, long pfn) {
        int c = (int) (pfn >>> SHIFT);
        if (chunks[c] == null) {
            chunks[c] = new int[Kind.values().length][];
        }
        int k = kind.ordinal();
        if (chunks[c][k] == null) {
            chunks[c][k] = new int[1 << SHIFT];
        }
        chunks[c][k][(int) (pfn & MASK)]++;
    }

    int get(Kind kind, long pfn) {
        int[][] c = chunks[(int) (pfn >>> SHIFT)];
        return c == null || c[kind.ordinal()] == null ? 0 : c[kind.ordinal()][(int) (pfn & MASK)];
    }
}
