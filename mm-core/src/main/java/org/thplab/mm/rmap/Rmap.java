package org.thplab.mm.rmap;

import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.stat.VmStat;

/**
 * Reverse-mapping bookkeeping of mm/rmap.c: the mapcount of each mapped frame and the
 * mapped-page counters that change when a frame gains its first or loses its last mapping.
 */
public final class Rmap {
    private final MemMap map;
    private final VmStat stat;
    private final int hpagePmdNr;

    public Rmap(MemMap map, VmStat stat, int hpagePmdNr) {
        this.map = map;
        this.stat = stat;
        this.hpagePmdNr = hpagePmdNr;
    }

    /** page_add_new_anon_rmap(): a new anonymous page mapped once, owned by {@code anonVma}. */
    public void pageAddNewAnonRmap(long pfn, int anonVma, long index) {
        map.set(pfn, PageFlags.ANON | PageFlags.SWAPBACKED);
        map.setMapping(pfn, anonVma);
        map.setIndex(pfn, index);
        map.addMapcount(pfn, 1);
        stat.add(VmStat.Item.NR_ANON_MAPPED, 1);
    }

    /**
     * page_dup_rmap() / page_add_anon_rmap() / page_add_file_rmap(): one more PTE mapping of a
     * page. A frame counts as mapped once it has a PTE mapping or its compound page a PMD one.
     */
    public void pageDupRmap(long pfn) {
        if (map.addMapcount(pfn, 1) == 1 && compoundMapcount(pfn) == 0) {
            stat.add(mappedItem(pfn), 1);
        }
    }

    /** page_add_new_anon_rmap(compound): a new THP mapped by one PMD (AnonHugePages). */
    public void pageAddNewAnonRmapCompound(long head, int nr, int anonVma, long index) {
        map.setRange(head, nr, PageFlags.ANON | PageFlags.SWAPBACKED); // by ranges: the tails stay one template
        map.setMappingRange(head, nr, anonVma);
        map.setIndexRange(head, nr, index);
        pageDupRmapCompound(head, nr);
    }

    /** page_dup_rmap(compound): one more PMD mapping of a THP. */
    public void pageDupRmapCompound(long head, int nr) {
        if (map.addPriv(head, 1) == 1) {
            stat.add(VmStat.Item.NR_ANON_THPS, 1);
            stat.add(VmStat.Item.NR_ANON_MAPPED, unmappedSubpages(head, nr));
        }
    }

    /**
     * page_remove_rmap(compound): one PMD mapping of a THP less.
     *
     * @return true if the THP is still mapped by PTEs only in part: a deferred-split candidate
     */
    public boolean pageRemoveRmapCompound(long head, int nr) {
        long left = map.addPriv(head, -1);
        if (left < 0) {
            throw new IllegalStateException(String.format("page_remove_rmap: THP %#x had no PMD mapping", head));
        }
        if (left > 0) {
            return false;
        }
        stat.add(VmStat.Item.NR_ANON_THPS, -1);
        int unmapped = unmappedSubpages(head, nr);
        stat.add(VmStat.Item.NR_ANON_MAPPED, -unmapped);
        return unmapped > 0 && unmapped < nr;
    }

    /**
     * folio_add_file_rmap_pmd(): one more PMD mapping of the compound file page at
     * {@code head}; its first counts it in ShmemPmdMapped (a swap-backed page) and its
     * unmapped subpages in Mapped.
     */
    public void pageAddFileRmapPmd(long head, int nr) {
        if (map.addPriv(head, 1) == 1) {
            if (map.test(head, PageFlags.SWAPBACKED)) {
                stat.add(VmStat.Item.NR_SHMEM_PMDMAPPED, 1);
            }
            stat.add(VmStat.Item.NR_FILE_MAPPED, unmappedSubpages(head, nr));
        }
    }

    /** folio_remove_rmap_pmd() of a compound file page: one PMD mapping less. */
    public void pageRemoveFileRmapPmd(long head, int nr) {
        long left = map.addPriv(head, -1);
        if (left < 0) {
            throw new IllegalStateException(String.format("folio_remove_rmap_pmd: file page %#x had no PMD mapping",
                    head));
        }
        if (left == 0) {
            if (map.test(head, PageFlags.SWAPBACKED)) {
                stat.add(VmStat.Item.NR_SHMEM_PMDMAPPED, -1);
            }
            stat.add(VmStat.Item.NR_FILE_MAPPED, -unmappedSubpages(head, nr));
        }
    }

    /** The PMD mappings of the compound page holding {@code pfn}; 0 for a small page. */
    public long compoundMapcount(long pfn) {
        int flags = map.flags(pfn);
        if ((flags & (PageFlags.HEAD | PageFlags.TAIL)) == 0) {
            return 0;
        }
        return map.priv((flags & PageFlags.TAIL) != 0 ? pfn & -(long) hpagePmdNr : pfn);
    }

    /** page_mapcount(): PTE mappings of the frame plus PMD mappings of its compound page. */
    public long pageMapcount(long pfn) {
        return map.mapcount(pfn) + compoundMapcount(pfn);
    }

    /**
     * page_trans_huge_mapcount(): the PMD mappings of the THP at {@code head} plus the most
     * PTE mappings any one of its subpages has; 1 means a single mapping holds all of it.
     */
    public long pageTransHugeMapcount(long head) {
        return compoundMapcount(head) + map.maxMapcount(head, hpagePmdNr);
    }

    private int unmappedSubpages(long head, int nr) {
        return (int) map.countUnmapped(head, nr);
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
        if (left == 0 && compoundMapcount(pfn) == 0) {
            stat.add(mappedItem(pfn), -1);
        }
    }

    /** mm_counter(): which RSS counter a mapped page counts in (a compound page's flags are its head's). */
    public MmStruct.Counter mmCounter(long pfn) {
        long folio = folio(pfn);
        if (map.test(folio, PageFlags.ANON)) {
            return MmStruct.Counter.ANON;
        }
        return map.test(folio, PageFlags.SWAPBACKED) ? MmStruct.Counter.SHMEM : MmStruct.Counter.FILE;
    }

    private VmStat.Item mappedItem(long pfn) {
        return map.test(folio(pfn), PageFlags.ANON) ? VmStat.Item.NR_ANON_MAPPED : VmStat.Item.NR_FILE_MAPPED;
    }

    /** The frame holding {@code pfn}'s flags: its compound head. */
    private long folio(long pfn) {
        return map.test(pfn, PageFlags.TAIL) ? pfn & -(long) hpagePmdNr : pfn;
    }
}
