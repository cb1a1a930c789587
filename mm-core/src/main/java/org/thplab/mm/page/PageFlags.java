package org.thplab.mm.page;

/**
 * Page flag bits kept per frame in {@link MemMap}: the SPI's {@link org.thplab.api.fs.PageFlags},
 * under the names the core's code uses.
 */
public final class PageFlags {
    public static final int LOCKED = org.thplab.api.fs.PageFlags.LOCKED;
    public static final int UPTODATE = org.thplab.api.fs.PageFlags.UPTODATE;
    public static final int DIRTY = org.thplab.api.fs.PageFlags.DIRTY;
    public static final int HEAD = org.thplab.api.fs.PageFlags.HEAD;
    public static final int TAIL = org.thplab.api.fs.PageFlags.TAIL;
    public static final int TEAM = org.thplab.api.fs.PageFlags.TEAM;
    public static final int ANON = org.thplab.api.fs.PageFlags.ANON;
    public static final int SWAPBACKED = org.thplab.api.fs.PageFlags.SWAPBACKED;
    public static final int BUDDY = org.thplab.api.fs.PageFlags.BUDDY;
    public static final int PAGETABLE = org.thplab.api.fs.PageFlags.PAGETABLE;
    public static final int RESERVED = org.thplab.api.fs.PageFlags.RESERVED;
    public static final int CHECKED = org.thplab.api.fs.PageFlags.CHECKED;
    /**
     * The core's own: a THP head on the deferred split queue (a folio's non-empty
     * _deferred_list), so that the queue is asked without boxing its pfn on every subpage zap.
     */
    public static final int DEFERRED_SPLIT = 1 << 16;

    private PageFlags() {
        // constants only
    }

    /**
     * Whether a frame of these flags is part of a compound file page (Linux 6.x's file THP):
     * compound, neither anonymous nor a seed team.
     */
    public static boolean fileCompound(int flags) {
        return (flags & (HEAD | TAIL)) != 0 && (flags & (ANON | TEAM)) == 0;
    }

    /** The names of the bits set in {@code flags}, for messages. */
    public static String describe(int flags) {
        return org.thplab.api.fs.PageFlags.describe(flags);
    }
}
