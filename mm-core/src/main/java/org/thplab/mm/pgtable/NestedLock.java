package org.thplab.mm.pgtable;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's nested page-table lock (spin_lock_nested on a PTE lock under a PMD lock): the
 * second lock is taken only when it is not the one already held, as with an mm-wide lock or a
 * split PTE lock that is the PMD lock itself.
 */
public final class NestedLock {
    private NestedLock() {
    }

    /**
     * Takes {@code inner} while {@code held} is held, unless they are the same lock.
     *
     * @return the lock to give to {@link #unlock}: {@code inner}, or null if nothing was taken
     */
    public static ReentrantLock lock(ReentrantLock held, ReentrantLock inner) {
        if (inner == held) {
            return null;
        }
        inner.lock();
        return inner;
    }

    /** Releases what {@link #lock} took. */
    public static void unlock(ReentrantLock taken) {
        if (taken != null) {
            taken.unlock();
        }
    }
}
