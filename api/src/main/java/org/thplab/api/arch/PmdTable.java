package org.thplab.api.arch;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;

/**
 * A PMD table as the architecture sees it: its entries, its split lock, the deposit
 * list anchored in its page, and, where the geometry has a shadow half
 * ({@link Geometry#pmdShadowHalf()}), one deposit slot per entry.
 *
 * <p>Implemented by the core, never by a plugin. Entry accessors are atomic and safe
 * for concurrent use; changes of a live entry and of the deposit storage happen under
 * the PMD lock ({@link Architecture#pmdLockptr}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PmdTable extends HugePteAnchor {

    /** PTRS_PER_PMD. */
    int size();

    /** The entry at {@code index}. */
    long get(int index);

    /** Stores {@code value} at {@code index}. */
    void set(int index, long value);

    /** Atomically stores {@code value} at {@code index} and returns what was there. */
    long getAndSet(int index, long value);

    /** Atomically replaces {@code expected} by {@code value}; false if the entry differed. */
    boolean compareAndSet(int index, long expected, long value);

    /** The table's physical address. */
    long physAddress();

    /** The split page-table lock of this PMD table's page. */
    ReentrantLock ptlock();

    /**
     * The table deposited in the shadow half for entry {@code index} ({@code pmdp + PTRS_PER_PMD}
     * on ppc64 hash), or {@code null}.
     *
     * @throws UnsupportedOperationException if the geometry has no shadow half
     */
    PteTable depositSlot(int index);

    /**
     * Stores {@code table} (or {@code null}) in the shadow-half slot of entry {@code index}.
     *
     * @throws UnsupportedOperationException if the geometry has no shadow half
     */
    void setDepositSlot(int index, PteTable table);
}
