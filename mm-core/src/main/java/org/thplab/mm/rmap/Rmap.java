package org.thplab.mm.rmap;

import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.vma.MmStruct;

/**
 * Reverse-mapping bookkeeping of mm/rmap.c: the mapcount of each mapped frame and the
 * mapped-page counters that change when a frame gains its first or loses its last mapping.
 */
public final class Rmap {
    private final MemMap map;
    private final VmStat stat;

    public Rmap(MemMap map, VmStat stat) {
        this.map = map;
        this.stat = stat;
    }

    /** page_add_new_anon_rmap(): a new anonymous page mapped once, owned by {@code anonVma}. */
    public void pageAddNewAnonRmap(long pfn, int anonVma, long index) {
        map.set(pfn, PageFlags.ANON | PageFlags.SWAPBACKED);
        map.setMapping(pfn, anonVma);
        map.setIndex(pfn, index);
        map.addMapcount(pfn, 1);
        stat.add(VmStat.Item.NR_ANON_MAPPED, 1);
    }

    /** page_dup_rmap() / page_add_anon_rmap() / page_add_file_rmap(): one more mapping of a page. */
    public void pageDupRmap(long pfn) {
        if (map.addMapcount(pfn, 1) == 1) {
            stat.add(mappedItem(pfn), 1);
        }
    }

    /**
     * page_remove_rmap(): one PTE mapping less.
     *
     * @throws IllegalStateException if the page was not mapped
     */
    public void pageRemoveRmap(long pfn) {
        int left = map.addMapcount(pfn, -1);
        if (left < 0) {
            throw new IllegalStateException(String.format("page_remove_rmap: pfn %#x was not mapped (flags %s)", pfn,
                    PageFlags.describe(map.flags(pfn))));
        }
        if (left == 0) {
            stat.add(mappedItem(pfn), -1);
        }
    }

    /** mm_counter(): which RSS counter a mapped page counts in. */
    public MmStruct.Counter mmCounter(long pfn) {
        if (map.test(pfn, PageFlags.ANON)) {
            return MmStruct.Counter.ANON;
        }
        return map.test(pfn, PageFlags.SWAPBACKED) ? MmStruct.Counter.SHMEM : MmStruct.Counter.FILE;
    }

    private VmStat.Item mappedItem(long pfn) {
        return map.test(pfn, PageFlags.ANON) ? VmStat.Item.NR_ANON_MAPPED : VmStat.Item.NR_FILE_MAPPED;
    }
}
