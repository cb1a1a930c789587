package org.thplab.mm;

import org.thplab.api.API;

/**
 * A read-only snapshot of one PMD extent of a process's address space, as its page tables
 * and page state show it (what {@code layout} prints as one character, with the details a
 * picture of it needs). Produced by {@link Process#extents}.
 *
 * @param start            first address of the extent inside the range asked for
 * @param end              end of that part (exclusive)
 * @param kind             how the extent is mapped
 * @param present          pages mapped: HPAGE_PMD_NR for a huge PMD, present PTEs otherwise
 * @param firstPfn         the huge page's head, or the first present PTE's frame; -1 if none
 * @param lastPfn          the huge page's last frame, or the last present PTE's frame; -1 if none
 * @param minMapcount      the least PTE mapcount of the mapped frames (the head's for a huge PMD)
 * @param maxMapcount      the most PTE mapcount of the mapped frames (the head's for a huge PMD)
 * @param compoundMapcount PMD mappings of the compound page at {@code firstPfn}; 0 for a small page
 * @param teamUsage        team_usage of the team at {@code firstPfn}; -1 if it is in no team
 * @param refcount         the refcount of {@code firstPfn}; 0 if none
 * @param vma              the VMA the extent starts in, described; empty if none
 * @param pmdTable         physical address of the PMD table holding the entry; -1 if none
 * @param deposited        PTE tables deposited in the storage serving that PMD table
 *                         (its pool, its shadow half, or the mm's list); -1 if no table
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PmdExtent(long start, long end, Kind kind, int present, long firstPfn, long lastPfn,
                        int minMapcount, int maxMapcount, long compoundMapcount, long teamUsage, int refcount,
                        String vma, long pmdTable, int deposited) {

    /** How a PMD extent is mapped; {@link #layoutChar()} is its {@code layout} character. */
    public enum Kind {
        /** Nothing mapped. */
        NONE('.'),
        /** Some pages mapped by PTEs. */
        PTES('p'),
        /** An anonymous THP mapped by one PMD. */
        ANON_PMD('H'),
        /** A team (or other file compound page) mapped by one PMD. */
        TEAM_PMD('H'),
        /** The huge zero page. */
        ZERO_PMD('Z');

        private final char layoutChar;

        Kind(char layoutChar) {
            this.layoutChar = layoutChar;
        }

        /** The character {@link Process#layout} prints for this kind. */
        public char layoutChar() {
            return layoutChar;
        }
    }
}
