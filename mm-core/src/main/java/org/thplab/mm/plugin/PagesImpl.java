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
 * holds (referenced, not one of the core's own), or is refused with the filesystem's name.
 */
final class PagesImpl implements Pages {
    private static final int CORE_OWNED = PageFlags.BUDDY | PageFlags.PAGETABLE | PageFlags.RESERVED
            | PageFlags.ANON | PageFlags.HEAD | PageFlags.TAIL;

    private final String owner;
    private final Geometry g;
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final PageRefs refs;
    private final PageTeam teams;

    PagesImpl(String owner, Geometry g, MemMap map, BuddyAllocator buddy, PageRefs refs, PageTeam teams) {
        this.owner = owner;
        this.g = g;
        this.map = map;
        this.buddy = buddy;
        this.refs = refs;
        this.teams = teams;
    }

    private long check(long pfn) {
        if (pfn < 0 || pfn >= map.frames() || (map.flags(pfn) & CORE_OWNED) != 0 || map.refcount(pfn) <= 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: pfn %#x is not a page the filesystem holds (refcount %d, flags %s)", owner, pfn,
                    pfn < 0 || pfn >= map.frames() ? 0 : map.refcount(pfn),
                    pfn < 0 || pfn >= map.frames() ? "-" : PageFlags.describe(map.flags(pfn))));
        }
        return pfn;
    }

    @Override
    public long allocPages(int order) {
        if (order < 0 || order > g.hpagePmdOrder()) {
            throw new IllegalArgumentException(owner + ": order " + order + ": expected 0 to " + g.hpagePmdOrder());
        }
        return buddy.allocPages(order);
    }

    @Override
    public void splitPage(long pfn, int order) {
        buddy.splitPage(check(pfn), order);
    }

    @Override
    public void getPage(long pfn) {
        map.addRefcount(check(pfn), 1);
    }

    @Override
    public void putPage(long pfn) {
        refs.putPage(check(pfn));
    }

    @Override
    public boolean trylockPage(long pfn) {
        return map.trylockPage(check(pfn));
    }

    @Override
    public void lockPage(long pfn) {
        check(pfn);
        while (!map.trylockPage(pfn)) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void unlockPage(long pfn) {
        map.unlockPage(check(pfn));
    }

    @Override
    public int flags(long pfn) {
        return map.flags(check(pfn));
    }

    @Override
    public void changeFlags(long pfn, int set, int clear) {
        check(pfn);
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
        if (n < 0 || pfn < 0 || pfn + n > map.frames() || map.countWithAny(pfn, n, CORE_OWNED) != 0
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
        return map.refcount(check(pfn));
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
        return map.addPriv(check(head), delta);
    }

    @Override
    public long teamHead(long pfn) {
        return teams.teamHead(check(pfn));
    }
}
