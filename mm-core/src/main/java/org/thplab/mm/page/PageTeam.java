package org.thplab.mm.page;

/**
 * The seed's include/linux/pageteam.h: a team is a huge page split at once into small
 * pages; its head (the first frame) carries team_usage in its private word.
 *
 * <pre>
 * team_usage on the head, the seed's form:
 *   while filling:  the number of instantiated pages, below HPAGE_PMD_NR
 *   once complete:  HPAGE_PMD_NR + the number of PMD mappings of the team
 * </pre>
 */
public final class PageTeam {
    private final MemMap map;
    private final int nr;

    /** @param hpagePmdNr HPAGE_PMD_NR of the architecture */
    public PageTeam(MemMap map, int hpagePmdNr) {
        this.map = map;
        this.nr = hpagePmdNr;
    }

    /** team_head(): the head of the team {@code pfn} belongs to (teams are aligned, index-congruent). */
    public long teamHead(long pfn) {
        return pfn - (map.index(pfn) & (nr - 1));
    }

    /** team_usage of {@code head}. */
    public long usage(long head) {
        return map.priv(head);
    }

    /** Whether the team has all its pages (usage at least HPAGE_PMD_NR). */
    public boolean complete(long head) {
        return map.priv(head) >= nr;
    }

    /** team_pmd_mapped(): mapped by a PMD somewhere. */
    public boolean teamPmdMapped(long head) {
        return map.priv(head) > nr;
    }

    /** inc_team_pmd_mapped(): true if this was the first PMD mapping. */
    public boolean incTeamPmdMapped(long head) {
        return map.addPriv(head, 1) == nr + 1;
    }

    /** dec_team_pmd_mapped(): true if this was the last PMD mapping. */
    public boolean decTeamPmdMapped(long head) {
        return map.addPriv(head, -1) == nr;
    }

    /** HPAGE_PMD_NR. */
    public int nr() {
        return nr;
    }
}
