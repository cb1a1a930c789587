package org.thplab.api.fs;

import java.util.concurrent.locks.Lock;
import org.thplab.api.API;

/**
 * A file's {@code address_space}, kept by the core for the filesystem: its page cache, its
 * size, and the removal of its pages from every process that maps them.
 *
 * <p>The page cache is guarded by {@link #treeLock()} (mapping->tree_lock): hold it around
 * every find, add and delete.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FileMapping {

    /** What {@link #find} returns for an empty index. */
    long NO_PAGE = -1;

    /** mapping->tree_lock. */
    Lock treeLock();

    /** find_get_entry(): the page cached at {@code index}, or {@link #NO_PAGE}; no reference is taken. */
    long find(long index);

    /**
     * add_to_page_cache(): caches {@code pfn} at {@code index}; the cache keeps one reference
     * of the page, which the caller gives it. The page records this file and index.
     *
     * @throws IllegalStateException if the index is taken
     */
    void add(long index, long pfn);

    /**
     * add_to_page_cache() of {@code n} consecutive pages at consecutive indexes: page
     * {@code pfn + i} at {@code index + i}, as {@link #add} would one by one (a team
     * populated at once).
     *
     * @throws IllegalStateException if an index of the range is taken
     */
    default void addRange(long index, long pfn, long n) {
        for (long i = 0; i < n; i++) {
            add(index + i, pfn + i);
        }
    }

    /**
     * find_get_entries() for the first page: the page cached at the lowest index of
     * {@code [first, first + count)}, or {@link #NO_PAGE}; no reference is taken.
     */
    default long findFirst(long first, long count) {
        for (long i = first; i < first + count; i++) {
            long pfn = find(i);
            if (pfn != NO_PAGE) {
                return pfn;
            }
        }
        return NO_PAGE;
    }

    /** delete_from_page_cache(): removes {@code index}; the caller now owns the cache's reference. */
    long delete(long index);

    /** The cached pages, as (index, pfn), in no particular order. */
    void forEach(Visitor visitor);

    /** A cached page. */
    @FunctionalInterface
    interface Visitor {
        void visit(long index, long pfn);
    }

    /** i_size in bytes. */
    long size();

    /** Sets i_size. */
    void setSize(long size);

    /**
     * unmap_mapping_range(): every process's mappings of the file pages
     * {@code [first, first + count)} are removed; huge PMDs not wholly inside are remapped by
     * PTEs first. Private copies already made stay unless {@code evenCows}.
     */
    void unmapMappingRange(long first, long count, boolean evenCows);

    /**
     * remap_team_by_pmd() (team recovery): in every mapping of the file that can map the
     * extent starting at file page {@code first} by one PMD (shared or without private copies,
     * aligned, wholly inside), and whose PTEs there map only the matching pages of the
     * complete team at {@code head}, those PTEs are replaced by one huge PMD. The caller holds
     * no page-cache lock.
     *
     * @return how many mappings were remapped
     */
    int remapTeamByPmd(long first, long head);

    /**
     * shmem_add_to_page_cache() of a compound page: caches every subpage of the compound page
     * at {@code head} from {@code index} on ({@code index} aligned to its size); the cache keeps
     * one reference per slot, all on the head: the caller gives one, the core takes the rest.
     * Each subpage records this file and its index. {@link #find} then answers the subpage.
     *
     * @throws IllegalArgumentException if {@code head} is not the head of a compound page or
     *         {@code index} is not aligned
     * @throws IllegalStateException if any slot is taken (nothing is added)
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    void addFolio(long index, long head);

    /**
     * filemap_remove_folio(): removes every slot of the compound page cached at {@code index};
     * the caller is left holding one of the cache's references (drop it with putPage). The
     * caller must have unmapped the page first, as for {@link #delete}.
     *
     * @return the head, or {@link #NO_PAGE} if no compound page is cached at {@code index}
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    long deleteFolio(long index);

    /**
     * split_huge_page() of a page-cache compound page: the page holding {@code index} is
     * unmapped from every mapping of the file (a PMD is cleared, never remapped by PTEs;
     * private copies stay), then each subpage becomes a small cached page holding one
     * reference of its own and the head's flags. Counts thp_split_page (or
     * thp_split_page_failed). The filesystem adjusts its own counters (SHMEM_HUGEPAGES).
     * Call without the tree lock.
     *
     * @return false, leaving the page compound (but unmapped), if something beyond the cache
     *         holds a reference (it is pinned)
     * @throws IllegalArgumentException if no compound page is cached at {@code index}
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    boolean splitFolio(long index);

    /**
     * retract_page_tables(): in every mapping of the file that could map the extent starting
     * at file page {@code first} by one PMD (congruent, the extent inside, no private copies)
     * and has an empty PTE table there, that table is freed, so the next fault may map a PMD.
     * Call without the tree lock.
     *
     * @return how many tables were freed
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.2")
    int retractPageTables(long first);
}
