package org.thplab.mm.page;

/**
 * Page flag bits kept per frame in {@link MemMap} (include/linux/page-flags.h, the subset
 * the model needs, plus the team flag of the seed's pageteam.h).
 */
public final class PageFlags {
    /** PG_locked: the page lock is held (see {@link MemMap#trylockPage}). */
    public static final int LOCKED = 1;
    /** PG_uptodate: the content is valid. */
    public static final int UPTODATE = 1 << 1;
    /** PG_dirty. */
    public static final int DIRTY = 1 << 2;
    /** PG_head: first frame of a compound page (anonymous THP). */
    public static final int HEAD = 1 << 3;
    /** PG_tail (the kernel's compound_head bit): a later frame of a compound page. */
    public static final int TAIL = 1 << 4;
    /** PG_team: a member of a huge tmpfs team (on the head even before it is instantiated). */
    public static final int TEAM = 1 << 5;
    /** PageAnon: the page belongs to anonymous memory (the kernel's PAGE_MAPPING_ANON bit). */
    public static final int ANON = 1 << 6;
    /** PG_swapbacked: instantiated shmem or anonymous memory (a team's holes lack it). */
    public static final int SWAPBACKED = 1 << 7;
    /** PageBuddy: the first frame of a free block in the buddy allocator. */
    public static final int BUDDY = 1 << 8;
    /** PageTable: a page holding page tables. */
    public static final int PAGETABLE = 1 << 9;
    /** PG_reserved: never freed (the zero pages). */
    public static final int RESERVED = 1 << 10;
    /** PG_checked: on a team head, "fully populated" (shmem_populate_hugeteam done). */
    public static final int CHECKED = 1 << 11;

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
