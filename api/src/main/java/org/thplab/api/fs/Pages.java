package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * The page frames the core lends a filesystem: allocation by order, references, the page
 * lock, flags, content, and the seed's team usage on a team head. Pages are named by pfn.
 *
 * <p>Every method checks that the pfn is a frame the filesystem may use (allocated, not
 * the core's own) and throws {@link IllegalArgumentException} naming it otherwise. Safe for
 * concurrent use.
 *
 * <p><b>Compound pages</b> (experimental, {@link #allocCompoundPage}): a compound page is one
 * folio of 2^order frames. Its references, its lock and its flags are the head's:
 * {@link #getPage}, {@link #putPage}, {@link #refcount}, the page lock and {@link #flags}/{@link #changeFlags}
 * on any subpage act on the head ({@link #flags} of a tail also shows {@link PageFlags#TAIL}).
 * Content, index and {@link #mapcount} stay per frame.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Pages {

    /** What {@link #allocPages} returns when no block of the order is free. */
    long NO_PAGE = -1;

    /** alloc_pages(): a block of 2^order frames, the first with one reference; or {@link #NO_PAGE}. */
    long allocPages(int order);

    /** split_page(): every frame of the block becomes a page with one reference of its own. */
    void splitPage(long pfn, int order);

    /** get_page(). */
    void getPage(long pfn);

    /** put_page(): the page is freed with its last reference. */
    void putPage(long pfn);

    /** trylock_page(): true if this call took the page lock. */
    boolean trylockPage(long pfn);

    /** lock_page(): waits for the page lock. */
    void lockPage(long pfn);

    /** unlock_page(). */
    void unlockPage(long pfn);

    /** The page's {@link PageFlags}. */
    int flags(long pfn);

    /**
     * Sets and clears flags.
     *
     * @throws IllegalArgumentException if a flag outside {@link PageFlags#FS_SETTABLE} is named
     */
    void changeFlags(long pfn, int set, int clear);

    /** page_count(). */
    int refcount(long pfn);

    /** page_mapcount(): how many page-table entries map it. */
    int mapcount(long pfn);

    /** The content byte. */
    byte content(long pfn);

    /** Stores the content byte (a zero-filled page holds 0). */
    void setContent(long pfn, byte value);

    /** page->index: the page's offset in its file, in pages. */
    long index(long pfn);

    /** team_usage of a team head (the seed: instantiated pages, then HPAGE_PMD_NR plus PMD mappings). */
    long teamUsage(long head);

    /** Adds to team_usage atomically; returns the new value. */
    long addTeamUsage(long head, long delta);

    /** team_head(): the head of the team {@code pfn} belongs to. */
    long teamHead(long pfn);

    /**
     * folio_alloc() / prep_compound_page(): a compound page of 2^order frames, zero-filled,
     * its head holding one reference (PG_head on the head, PG_tail on the others); or
     * {@link #NO_PAGE} if no block of the order is free.
     *
     * @throws IllegalArgumentException if {@code order} is not the PMD order (the only one
     *         the core maps yet)
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    long allocCompoundPage(int order);

    /** compound_head(): the head of the compound page holding {@code pfn}; {@code pfn} itself for a small page. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    long compoundHead(long pfn);

    /** folio_order(): the order of the compound page holding {@code pfn}; 0 for a small page. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    int compoundOrder(long pfn);

    /** folio_entire_mapcount(): how many PMDs map the whole compound page at {@code head}. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    int entireMapcount(long head);

    /**
     * Sets and clears flags of every page of {@code [pfn, pfn + n)} at once, as
     * {@link #changeFlags} would one by one: where the pages are a huge page's worth that no
     * other thread can see yet (a team being populated), the core changes one record instead
     * of {@code n}.
     *
     * @throws IllegalArgumentException if a page of the range is not one the filesystem
     *         holds, or a flag outside {@link PageFlags#FS_SETTABLE} is named
     */
    default void changeFlagsRange(long pfn, long n, int set, int clear) {
        for (long p = pfn; p < pfn + n; p++) {
            changeFlags(p, set, clear);
        }
    }

    /**
     * How many pages of {@code [pfn, pfn + n)} carry every flag of {@code mask}, answered per
     * huge page where the core can.
     *
     * @throws IllegalArgumentException if a page of the range is not one the filesystem holds
     */
    default long countFlagged(long pfn, long n, int mask) {
        long count = 0;
        for (long p = pfn; p < pfn + n; p++) {
            count += (flags(p) & mask) == mask ? 1 : 0;
        }
        return count;
    }
}
