package org.thplab.api.arch;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;

/**
 * A PTE table (the kernel's {@code pgtable_t}) as the architecture sees it: its entries,
 * its physical address, its split lock, and the link words that hold it on a deposit
 * list while it is kept for a huge PMD.
 *
 * <p>Implemented by the core, never by a plugin. Entry accessors are safe for
 * concurrent use; the link words are guarded by the PMD lock of the slot the table is
 * deposited under.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PteTable {

    /** PTRS_PER_PTE. */
    int size();

    /** The entry at {@code index}. */
    long get(int index);

    /** Stores {@code value} at {@code index}. */
    void set(int index, long value);

    /** Zeroes every entry (a memset of the table). */
    default void clear() {
        for (int i = 0, n = size(); i < n; i++) {
            set(i, 0L);
        }
    }

    /** The table's physical address, aligned to {@link Geometry#pteTableBytes()}. */
    long physAddress();

    /** The split page-table lock of the page holding this table (shared by fragments of one page). */
    ReentrantLock ptlock();

    /** The next table on the circular deposit list ({@code page->lru.next}); {@code null} when not deposited. */
    PteTable lruNext();

    /** The previous table on the circular deposit list ({@code page->lru.prev}). */
    PteTable lruPrev();

    /** Sets {@link #lruNext()}. */
    void setLruNext(PteTable next);

    /** Sets {@link #lruPrev()}. */
    void setLruPrev(PteTable prev);
}
