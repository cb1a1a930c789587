package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * The page flags of a frame ({@code include/linux/page-flags.h}, the subset the model keeps,
 * plus the seed's PG_team). A filesystem may read all of them and set or clear those in
 * {@link #FS_SETTABLE}; the others belong to the core.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PageFlags {
    /** PG_locked: the page lock is held. */
    public static final int LOCKED = 1;
    /** PG_uptodate: the content is valid. */
    public static final int UPTODATE = 1 << 1;
    /** PG_dirty. */
    public static final int DIRTY = 1 << 2;
    /** PG_head: first frame of a compound page (anonymous THP). */
    public static final int HEAD = 1 << 3;
    /** PG_tail: a later frame of a compound page. */
    public static final int TAIL = 1 << 4;
    /** PG_team: a member of a huge tmpfs team (on the head even before it is instantiated). */
    public static final int TEAM = 1 << 5;
    /** PageAnon: anonymous memory. */
    public static final int ANON = 1 << 6;
    /** PG_swapbacked: instantiated shmem or anonymous memory (a team's holes lack it). */
    public static final int SWAPBACKED = 1 << 7;
    /** PageBuddy: the first frame of a free block. */
    public static final int BUDDY = 1 << 8;
    /** PageTable: a page holding page tables. */
    public static final int PAGETABLE = 1 << 9;
    /** PG_reserved: never freed (the zero pages). */
    public static final int RESERVED = 1 << 10;
    /** PG_checked: on a team head, "fully populated". */
    public static final int CHECKED = 1 << 11;

    /** The flags a filesystem may set and clear on its own pages. */
    public static final int FS_SETTABLE = UPTODATE | DIRTY | TEAM | SWAPBACKED | CHECKED;

    private PageFlags() {
        // constants only
    }

    /** The names of the bits set in {@code flags}, for messages. */
    public static String describe(int flags) {
        String[] names = {"locked", "uptodate", "dirty", "head", "tail", "team", "anon", "swapbacked", "buddy",
            "pagetable", "reserved", "checked"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(names[i]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
