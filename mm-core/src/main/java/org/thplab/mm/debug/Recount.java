package org.thplab.mm.debug;

/**
 * Per-frame tallies of a recount, in chunks allocated only for frames that are counted,
 * so a recount of a huge, sparsely used memory stays small.
 */
final class Recount {
    private static final int SHIFT = 16;
    private static final int MASK = (1 << SHIFT) - 1;
    private static final int MAPPINGS = 0;
    private static final int TABLES = 1;
    private static final int CACHES = 2;
    private static final int CACHE_REFS = 3;
    private static final int TEAM_PMDS = 4;
    private static final int KINDS = 5;

    private final int[][][] chunks;

    Recount(long frames) {
        chunks = new int[(int) ((frames + MASK) >>> SHIFT)][][];
    }

    long chunkMask() {
        return MASK;
    }

    void mapping(long pfn) {
        bump(pfn, MAPPINGS);
    }

    void table(long pfn) {
        bump(pfn, TABLES);
    }

    void cache(long pfn) {
        bump(pfn, CACHES);
    }

    void cacheRef(long pfn) {
        bump(pfn, CACHE_REFS);
    }

    void teamPmd(long pfn) {
        bump(pfn, TEAM_PMDS);
    }

    int cacheRefs(long pfn) {
        return get(pfn, CACHE_REFS);
    }

    int teamPmds(long pfn) {
        return get(pfn, TEAM_PMDS);
    }

    int mappings(long pfn) {
        return get(pfn, MAPPINGS);
    }

    int tables(long pfn) {
        return get(pfn, TABLES);
    }

    int caches(long pfn) {
        return get(pfn, CACHES);
    }

    private void bump(long pfn, int kind) {
        int c = (int) (pfn >>> SHIFT);
        if (chunks[c] == null) {
            chunks[c] = new int[KINDS][];
        }
        if (chunks[c][kind] == null) {
            chunks[c][kind] = new int[1 << SHIFT];
        }
        chunks[c][kind][(int) (pfn & MASK)]++;
    }

    private int get(long pfn, int kind) {
        int[][] c = chunks[(int) (pfn >>> SHIFT)];
        return c == null || c[kind] == null ? 0 : c[kind][(int) (pfn & MASK)];
    }
}
