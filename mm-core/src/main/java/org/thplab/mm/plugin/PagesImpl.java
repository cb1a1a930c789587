package org.thplab.mm.plugin;

import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageRefs;
import org.thplab.mm.page.PageTeam;

/**
 * The page frames as a filesystem may use them: every call names a frame the filesystem
 * holds (allocated by this mount, referenced, not one of the core's own), or is refused with
 * the filesystem's name. A refusal of another mount's or the core's frame says nothing of
 * it: those frames are none of the filesystem's business. A subpage of a compound file page
 * is held through its head: references, the lock and the flags are the head's (folio
 * semantics); content, index and mapcount stay per frame.
 */
final class PagesImpl implements Pages {
    private static final int CORE_OWNED = PageFlags.BUDDY | PageFlags.PAGETABLE | PageFlags.RESERVED
            | PageFlags.ANON;

    private final String owner;
    /** The mount's owner id: the frames it allocates record it, and only those may be named. */
    private final int ownerId;
    private final Geometry g;
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final PageRefs refs;
    private final PageTeam teams;

    PagesImpl(String owner, int ownerId, Geometry g, MemMap map, BuddyAllocator buddy, PageRefs refs,
              PageTeam teams) {
        this.owner = owner;
        this.ownerId = ownerId;
        this.g = g;
        this.map = map;
        this.buddy = buddy;
        this.refs = refs;
        this.teams = teams;
    }

    private long check(long pfn) {
        if (pfn < 0 || pfn >= map.frames() || map.owner(pfn) != ownerId) {
            throw new IllegalArgumentException(String.format("%s: pfn %#x is not a page this filesystem holds", owner,
                    pfn));
        }
        if ((map.flags(pfn) & CORE_OWNED) != 0 || map.refcount(refs.compoundHead(pfn)) <= 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: pfn %#x is not a page the filesystem holds (refcount %d, flags %s)", owner, pfn,
                    map.refcount(pfn), PageFlags.describe(map.flags(pfn))));
        }
        return pfn;
    }

    /** The frame that holds {@code pfn}'s references, lock and flags: its compound head. */
    private long folio(long pfn) {
        return refs.compoundHead(check(pfn));
    }

    @Override
    public long allocPages(int order) {
        if (order < 0 || order > g.hpagePmdOrder()) {
            throw new IllegalArgumentException(owner + ": order " + order + ": expected 0 to " + g.hpagePmdOrder());
        }
        long pfn = buddy.allocPages(order);
        PluginCallWatch.progress(); // so is allocating (populating a team)
        if (pfn != NO_PAGE) {
            map.setOwnerRange(pfn, 1L << order, ownerId); // a whole block's tails: one template store
        }
        return pfn;
    }

    @Override
    public void splitPage(long pfn, int order) {
        if (map.test(check(pfn), PageFlags.HEAD)) {
            throw new IllegalArgumentException(String.format("%s: pfn %#x heads a compound page: split it in the page"
                    + " cache (FileMapping.splitFolio)", owner, pfn));
        }
        buddy.splitPage(pfn, order);
    }

    @Override
    public void getPage(long pfn) {
        map.addRefcount(folio(pfn), 1);
    }

    @Override
    public void putPage(long pfn) {
        refs.putPage(folio(pfn));
        PluginCallWatch.progress(); // freeing page after page (a truncate) is progress, not a hang
    }

    @Override
    public boolean trylockPage(long pfn) {
        return map.trylockPage(folio(pfn));
    }

    @Override
    public void lockPage(long pfn) {
        long head = folio(pfn);
        while (!map.trylockPage(head)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void unlockPage(long pfn) {
        map.unlockPage(folio(pfn));
    }

    @Override
    public int flags(long pfn) {
        return map.flags(folio(pfn)) | (map.flags(pfn) & PageFlags.TAIL);
    }

    @Override
    public void changeFlags(long pfn, int set, int clear) {
        pfn = folio(pfn);
        if (((set | clear) & ~PageFlags.FS_SETTABLE) != 0) {
            throw new IllegalArgumentException(String.format("%s: flags %s are the core's; a filesystem may change %s",
                    owner, PageFlags.describe((set | clear) & ~PageFlags.FS_SETTABLE),
                    PageFlags.describe(PageFlags.FS_SETTABLE)));
        }
        map.set(pfn, set);
        map.clear(pfn, clear);
    }

    /** Every page of the range is one the filesystem holds: answered per block where the range is compact. */
    private void checkRange(long pfn, long n) {
        if (n < 0 || pfn < 0 || pfn + n > map.frames() || !map.ownedBy(pfn, n, ownerId)
                || map.countWithAny(pfn, n, CORE_OWNED) != 0
                || map.countUnreferenced(pfn, n) != 0) {
            for (long p = pfn; p < pfn + n; p++) {
                check(p); // names the first page at fault
            }
            if (n < 0) {
                throw new IllegalArgumentException(owner + ": a range of " + n + " pages");
            }
        }
    }

    @Override
    public void changeFlagsRange(long pfn, long n, int set, int clear) {
        checkRange(pfn, n);
        if (((set | clear) & ~PageFlags.FS_SETTABLE) != 0) {
            changeFlags(pfn, set, clear); // refused with the message changeFlags gives
        }
        if (set != 0) {
            map.setRange(pfn, n, set);
        }
        if (clear != 0) {
            map.clearRange(pfn, n, clear);
        }
    }

    @Override
    public long countFlagged(long pfn, long n, int mask) {
        checkRange(pfn, n);
        return map.countFlagged(pfn, n, mask);
    }

    @Override
    public int refcount(long pfn) {
        return map.refcount(folio(pfn));
    }

    @Override
    public int mapcount(long pfn) {
        return map.mapcount(check(pfn));
    }

    @Override
    public byte content(long pfn) {
        return map.content(check(pfn));
    }

    @Override
    public void setContent(long pfn, byte value) {
        map.setContent(check(pfn), value);
    }

    @Override
    public long index(long pfn) {
        return map.index(check(pfn));
    }

    @Override
    public long teamUsage(long head) {
        return teams.usage(check(head));
    }

    @Override
    public long addTeamUsage(long head, long delta) {
        if (map.test(check(head), PageFlags.HEAD)) {
            throw new IllegalArgumentException(String.format("%s: pfn %#x heads a compound page, not a team", owner,
                    head));
        }
        return map.addPriv(head, delta);
    }

    @Override
    public long teamHead(long pfn) {
        return teams.teamHead(check(pfn));
    }

    @Override
    public long allocCompoundPage(int order) {
        if (order != g.hpagePmdOrder()) {
            throw new IllegalArgumentException(owner + ": compound order " + order + ": expected the PMD order "
                    + g.hpagePmdOrder());
        }
        long head = buddy.allocPages(order);
        PluginCallWatch.progress();
        if (head != BuddyAllocator.NO_PAGE) {
            map.setOwnerRange(head, 1L << order, ownerId); // every frame of the folio is the mount's
            refs.prepCompoundPage(head);
        }
        return head;
    }

    @Override
    public long compoundHead(long pfn) {
        return folio(pfn);
    }

    @Override
    public int compoundOrder(long pfn) {
        return map.test(folio(pfn), PageFlags.HEAD) ? g.hpagePmdOrder() : 0;
    }

    @Override
    public int entireMapcount(long head) {
        long h = folio(head);
        return map.test(h, PageFlags.HEAD) ? (int) map.priv(h) : 0;
    }
}
