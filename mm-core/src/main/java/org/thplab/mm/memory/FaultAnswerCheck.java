package org.thplab.mm.memory;

import org.thplab.api.fs.FaultReply;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pagecache.AddressSpace;

/**
 * The page a filesystem's fault handler answers, checked before anything maps it (the
 * kernel trusts ->fault; a model that loads third-party code cannot): a frame of this
 * file's mount, this file's page at the faulted index (page->mapping, page->index), still in
 * its page cache there, carrying the answer's reference, locked if the reply says LOCKED,
 * and the head of a complete team if it says HUGE. A refused answer is reported against
 * the plugin and costs the access a SIGBUS; the lock and reference the answer handed over
 * are released, but only on the mount's own frames (a reference on anything else was never
 * the plugin's to give).
 *
 * <p>A page deleted from the cache while the handler ran, by another thread, is a race with
 * truncation, not a bug: released, and the access retries. Deleted by the handler's own
 * thread (a re-entrant truncate), or before the fault began, it is the plugin's bug.
 */
class FaultAnswerCheck {
    /** What {@link #refuse} returns for an answer that may be mapped. */
    static final int ACCEPTED = -1;

    private final MemMap map;
    private final PageTeam teams;
    private final Machine m;

    FaultAnswerCheck(Machine m, PageTeam teams) {
        this.m = m;
        this.map = m.map;
        this.teams = teams;
    }

    /**
     * The page whose references and lock stand for {@code page}: the page itself, or the head
     * of the compound file page it is a subpage of (folio semantics; each subpage still
     * records its own page->mapping and page->index).
     */
    private long ownerPage(long page) {
        return m.compoundHead(page);
    }

    /** Whether {@code head} may be mapped by one PMD: the head of a complete team. */
    protected boolean hugeHead(long head) {
        return map.test(head, PageFlags.TEAM) && teams.teamHead(head) == head && teams.complete(head);
    }

    /**
     * Checks the answer {@code page} of {@code plugin}'s fault at {@code pgoff} of {@code file};
     * {@code deletionsBefore} is {@link AddressSpace#deletions()} before the handler ran.
     *
     * @return {@link #ACCEPTED}, or the fault's outcome for a refused answer (reported,
     *         released): {@link Fault#SIGBUS}, or {@link Fault#DONE} to retry after a race
     */
    int refuse(Object plugin, AddressSpace file, long pgoff, int nr, int reply, long page, long deletionsBefore) {
        boolean huge = (reply & FaultReply.HUGE) != 0;
        long index = huge ? pgoff & -nr : pgoff;
        if (page < 0 || page >= map.frames()) {
            return refused(plugin, reply, page, "which is not a page of this machine");
        }
        long owner = ownerPage(page);
        if (map.refcount(owner) <= 0 || map.owner(page) != file.owner()) {
            return refused(plugin, reply, page, map.refcount(owner) <= 0 ? "which is not a referenced page"
                    : "which is not a page of this filesystem");
        }
        boolean locked = (reply & FaultReply.LOCKED) != 0;
        boolean heldLock = locked && map.test(owner, PageFlags.LOCKED);
        boolean mine = map.mapping(page) == file.id() && map.index(page) == index;
        boolean cached = mine && cachedAt(file, index, page);
        // the answer's reference, the page's mappings' and, while it is cached, the cache's
        // (one per slot, all on the head, for a compound page)
        int cacheRefs = cached ? (owner != page || map.test(owner, PageFlags.HEAD) ? nr : 1) : 0;
        boolean referenced = map.refcount(owner) >= 1 + cacheRefs + map.mapcount(page);
        String why = null;
        if (!mine) {
            why = "which is not this file's page at index " + index;
        } else if (locked && !heldLock) {
            why = "which is not locked, though the reply says LOCKED";
        } else if (huge && !locked) {
            why = "without LOCKED: a HUGE answer is a locked team head";
        } else if (huge && !hugeHead(page)) {
            why = "which is not the head of a complete team, though the reply says HUGE";
        } else if (!cached) {
            if (file.deletions() != deletionsBefore && !file.lastDeletedBy(Thread.currentThread())) {
                release(page, heldLock, referenced);
                return Fault.DONE; // truncated by another thread meanwhile: the access retries
            }
            why = "which is no longer in the file's page cache at index " + index + " (truncated)";
        } else if (!referenced) {
            why = "which the answer holds no reference on";
        }
        if (why == null) {
            return ACCEPTED;
        }
        release(page, heldLock, referenced);
        return refused(plugin, reply, page, why);
    }

    /** Whether the cache holds {@code page} at {@code index} (a compound page's slots hold its subpages). */
    private boolean cachedAt(AddressSpace file, long index, long page) {
        long cached;
        file.treeLock().lock();
        try {
            cached = file.cache().find(index);
        } finally {
            file.treeLock().unlock();
        }
        return cached == page;
    }

    private void release(long page, boolean heldLock, boolean referenced) {
        if (heldLock) {
            map.unlockPage(ownerPage(page));
        }
        if (referenced) {
            m.putPage(page);
        }
    }

    private int refused(Object plugin, int reply, long page, String why) {
        m.pluginFailures.report(plugin, "fault", String.format("answered %#x with page %#x, %s", reply, page, why));
        return Fault.SIGBUS;
    }
}
