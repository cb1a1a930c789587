package org.thplab.fs.shmem.linux6;

import org.thplab.api.fs.CollapseRequest;
import org.thplab.api.fs.CollapseResult;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmArea;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A tmpfs file of Linux 6.18 (shmem inode): its page cache holds small pages and PMD-order
 * compound pages (folios), and it is the fault handler of its mappings (shmem_fault, with
 * filemap_map_pages as ->map_pages). The core maps what the fault answers: a compound page by
 * PMD where the mapping allows, else by PTEs.
 *
 * <p>Locks: the page cache's tree lock around every lookup and change of the cache; truncate
 * and punch unmap first, without it.
 */
final class ShmemInode implements FilesystemType.FsFile, VmOperations {
    private final ShmemSuper sb;
    private final FsServices services;
    private final Pages pages;
    private final FileMapping mapping;
    private final int nr;
    private final int order;
    private final long pageSize;

    ShmemInode(ShmemSuper sb) {
        this.sb = sb;
        this.services = sb.services;
        this.pages = services.pages();
        this.mapping = services.newMapping(this);
        this.nr = services.geometry().hpagePmdNr();
        this.order = services.geometry().hpagePmdOrder();
        this.pageSize = services.geometry().pageSize();
    }

    @Override
    public FileMapping mapping() {
        return mapping;
    }

    /** filemap_map_pages: read faults map the cached pages around them first. */
    @Override
    public boolean mapPages() {
        return true;
    }

    /** round_up(i_size, PAGE_SIZE) in pages: the first index past the end of file. */
    private long eofIndex() {
        return (mapping.size() + pageSize - 1) / pageSize;
    }

    // ------------------------------------------------------------------ the fault handler

    /**
     * shmem_fault() → shmem_get_folio_gfp(SGP_CACHE): SIGBUS at or past the end of file; the
     * cached page if there is one; else a PMD-order page for the whole extent where the mount
     * and shmem_enabled allow one, the mapping is suitable, nothing of the extent is cached yet
     * and size= has room for all of it; else a small page. The same for reads, shared writes
     * and private writes (the core copies for a private write).
     */
    @Override
    public int fault(VmFault vmf) {
        long index = vmf.pgoff();
        if (index >= eofIndex()) {
            return FaultReply.SIGBUS;
        }
        long page;
        mapping.treeLock().lock();
        try {
            page = mapping.find(index);
            if (page == FileMapping.NO_PAGE) {
                page = allocAndAdd(index, vmf.vma(), vmf.address());
                if (page < 0) {
                    return page == ENOSPC ? FaultReply.SIGBUS : FaultReply.OOM;
                }
            }
            pages.getPage(page); // the caller's reference
        } finally {
            mapping.treeLock().unlock();
        }
        vmf.setPage(page);
        return FaultReply.OK;
    }

    private static final long ENOSPC = -2;

    /**
     * shmem_alloc_and_add_folio(): the orders shmem_suitable_orders() leaves (PMD only when
     * allowed, suitable, and the aligned extent holds nothing), tried largest first; a failed
     * huge attempt counts thp_file_fallback and falls back to order 0.
     *
     * @return the page now cached at {@code index}, -1 (no memory) or {@link #ENOSPC}
     */
    private long allocAndAdd(long index, VmArea vma, long address) {
        long first = index & -(long) nr;
        if (HugeOrders.pmdAllowed(sb.huge, services.shmemEnabled(), vma, index, eofIndex(), nr)
                && vma.pmdSuitable(address) && nothingCached(first)) {
            long head = allocHuge(first);
            if (head != Pages.NO_PAGE) {
                return head + (index - first);
            }
            services.count(FsServices.Event.THP_FILE_FALLBACK);
        }
        if (!sb.chargeOrShrink(1)) {
            return ENOSPC;
        }
        long page = pages.allocPages(0);
        if (page == Pages.NO_PAGE) {
            sb.unchargeBlocks(1);
            return -1;
        }
        pages.changeFlags(page, PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
        mapping.add(index, page); // the allocation's reference is the cache's
        services.count(FsServices.Counter.SHMEM, 1);
        return page;
    }

    /** A zero-filled PMD-order page cached at {@code first}; NO_PAGE if size= or memory refuses. */
    private long allocHuge(long first) {
        if (!sb.chargeOrShrink(nr)) {
            return Pages.NO_PAGE;
        }
        long head = pages.allocCompoundPage(order);
        if (head == Pages.NO_PAGE) {
            sb.unchargeBlocks(nr);
            return Pages.NO_PAGE;
        }
        pages.changeFlags(head, PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
        mapping.addFolio(first, head); // the allocation's reference is one of the cache's
        services.count(FsServices.Counter.SHMEM, nr);
        services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
        services.count(FsServices.Event.THP_FILE_ALLOC);
        return head;
    }

    /** xa_find() over the aligned extent at {@code first}: true if it holds no page. */
    private boolean nothingCached(long first) {
        for (long i = first; i < first + nr; i++) {
            if (mapping.find(i) != FileMapping.NO_PAGE) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ collapse

    /**
     * hpage_collapse_scan_file() and collapse_file(): the extent at {@code r.first()} becomes
     * one PMD-order page: a new compound page, each cached page copied into it and unmapped
     * everywhere (private copies stay), each hole zero-filled (Shmem grows by the holes), the
     * cache entries replaced, and the emptied page tables retracted (the core then maps the
     * page by PMD in the caller for MADV_COLLAPSE). MADV_COLLAPSE ignores huge= but not
     * shmem_enabled=deny; khugepaged follows the fault's rules (shmem_allowable_huge_orders at
     * the VMA's vm_pgoff, as thp_vma_allowable_order asks) and the policy's limits.
     */
    @Override
    public CollapseResult collapse(CollapseRequest r) {
        long first = r.first();
        VmArea vma = r.vma();
        if ("deny".equals(services.shmemEnabled()) || vma.nohugepage()
                || r.khugepaged() && !HugeOrders.pmdAllowed(sb.huge, services.shmemEnabled(), vma, vma.pgoff(),
                        eofIndex(), nr)) { // khugepaged judges the VMA once, at vm_pgoff
            return CollapseResult.UNSUPPORTED;
        }
        int present = 0;
        long head;
        mapping.treeLock().lock();
        try {
            long at = mapping.find(first);
            if (at != FileMapping.NO_PAGE && pages.compoundOrder(at) > 0) {
                return CollapseResult.ALREADY_HUGE; // SCAN_PTE_MAPPED_HUGEPAGE
            }
            for (long i = first; i < first + nr; i++) {
                long p = mapping.find(i);
                if (p != FileMapping.NO_PAGE) {
                    present++;
                    if (pages.refcount(p) != 1 + pages.mapcount(p)) {
                        return CollapseResult.BUSY; // SCAN_PAGE_COUNT: pinned
                    }
                }
            }
            if (present == 0 || first >= eofIndex()) {
                return CollapseResult.EMPTY; // SCAN_TRUNCATED
            }
            if (!r.mayCollapse(present, 0)) {
                return CollapseResult.LIMITS;
            }
            if (!sb.chargeBlocks(nr - present)) {
                return CollapseResult.UNSUPPORTED; // shmem_charge() failed: SCAN_FAIL
            }
            head = pages.allocCompoundPage(order);
            if (head == Pages.NO_PAGE) {
                sb.unchargeBlocks(nr - present);
                services.count(FsServices.Event.THP_COLLAPSE_ALLOC_FAILED);
                return CollapseResult.NO_MEMORY;
            }
            services.count(FsServices.Event.THP_COLLAPSE_ALLOC);
        } finally {
            mapping.treeLock().unlock();
        }
        mapping.unmapMappingRange(first, nr, false); // try_to_unmap() of every old page
        mapping.treeLock().lock();
        try {
            for (int k = 0; k < nr; k++) {
                long old = mapping.find(first + k);
                if (old != FileMapping.NO_PAGE) {
                    pages.setContent(head + k, pages.content(old));
                    mapping.delete(first + k);
                    pages.putPage(old);
                }
            }
            pages.changeFlags(head, PageFlags.SWAPBACKED | PageFlags.UPTODATE | PageFlags.DIRTY, 0);
            mapping.addFolio(first, head);
            services.count(FsServices.Counter.SHMEM, nr - present);
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
        } finally {
            mapping.treeLock().unlock();
        }
        mapping.retractPageTables(first);
        return CollapseResult.COLLAPSED;
    }

    // ------------------------------------------------------------------ truncate, punch, shrink

    /**
     * shmem_setattr(): a smaller size unmaps everything from the new end on, private copies
     * too, then shmem_truncate_range() frees the pages; a larger size changes no page.
     */
    @Override
    public void truncate(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tmpfs: size " + size + ": expected a non-negative size");
        }
        long oldSize = mapping.size();
        mapping.setSize(size);
        long newEnd = eofIndex();
        long count = lastCached() + 1 - newEnd; // a huge page may reach past the old end of file
        if (size < oldSize && count > 0) {
            mapping.unmapMappingRange(newEnd, count, true);
            undoRange(newEnd, newEnd + count);
        }
    }

    /** fallocate(PUNCH_HOLE): the whole pages of the range are unmapped (private copies stay) and freed. */
    @Override
    public void punchHole(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("tmpfs: punch " + offset + "+" + length + ": expected non-negative");
        }
        long first = (offset + pageSize - 1) / pageSize;
        long end = (offset + length) / pageSize;
        if (end > first) {
            mapping.unmapMappingRange(first, end - first, false);
            undoRange(first, end);
        }
    }

    /**
     * shmem_undo_range() of {@code [start, end)}: a compound page wholly inside leaves the
     * cache whole (truncate_inode_folio); one cut by an edge is split first
     * (truncate_inode_partial_folio: its other pages are unmapped everywhere too), and if it
     * cannot be split (pinned) only the range's content is zeroed; small pages are freed.
     */
    private void undoRange(long start, long end) {
        long index = start;
        while (index < end) {
            long folioFirst;
            mapping.treeLock().lock();
            try {
                long page = mapping.find(index);
                if (page == FileMapping.NO_PAGE) {
                    index++;
                    continue;
                }
                if (pages.compoundOrder(page) == 0) {
                    removeSmall(index, page);
                    index++;
                    continue;
                }
                long head = pages.compoundHead(page);
                folioFirst = index - (page - head);
                if (folioFirst >= start && folioFirst + nr <= end) {
                    mapping.deleteFolio(folioFirst);
                    pages.putPage(head);
                    sb.unchargeBlocks(nr);
                    services.count(FsServices.Counter.SHMEM, -nr);
                    services.count(FsServices.Counter.SHMEM_HUGEPAGES, -1);
                    index = folioFirst + nr;
                    continue;
                }
            } finally {
                mapping.treeLock().unlock();
            }
            long stop = Math.min(end, folioFirst + nr);
            if (mapping.splitFolio(folioFirst)) {
                services.count(FsServices.Counter.SHMEM_HUGEPAGES, -1);
                continue; // the range's pages are small now: the loop frees them
            }
            mapping.treeLock().lock();
            try {
                for (long i = index; i < stop; i++) {
                    pages.setContent(mapping.find(i), (byte) 0); // pinned: it stays, zeroed where cut
                }
            } finally {
                mapping.treeLock().unlock();
            }
            index = stop;
        }
    }

    /** delete_from_page_cache() of a small page and its block. Called with the tree lock. */
    private void removeSmall(long index, long page) {
        mapping.delete(index);
        sb.unchargeBlocks(1);
        services.count(FsServices.Counter.SHMEM, -1);
        pages.putPage(page);
    }

    /** The highest cached index, or -1. */
    private long lastCached() {
        long[] last = {-1};
        mapping.treeLock().lock();
        try {
            mapping.forEach((index, pfn) -> last[0] = Math.max(last[0], index));
        } finally {
            mapping.treeLock().unlock();
        }
        return last[0];
    }

    /**
     * This file's part of shmem_unused_huge_shrink(): a compound page straddling the end of
     * file is split and its pages past the end freed.
     *
     * @return pages freed
     */
    long splitBeyondEof() {
        long eof = eofIndex();
        if (eof % nr == 0) {
            return 0;
        }
        long first = eof & -(long) nr;
        mapping.treeLock().lock();
        try {
            long page = mapping.find(first);
            if (page == FileMapping.NO_PAGE || pages.compoundOrder(page) == 0) {
                return 0;
            }
        } finally {
            mapping.treeLock().unlock();
        }
        mapping.unmapMappingRange(eof, first + nr - eof, true);
        if (!mapping.splitFolio(first)) {
            return 0;
        }
        services.count(FsServices.Counter.SHMEM_HUGEPAGES, -1);
        long freed = 0;
        mapping.treeLock().lock();
        try {
            for (long i = eof; i < first + nr; i++) {
                long page = mapping.find(i);
                if (page != FileMapping.NO_PAGE) {
                    removeSmall(i, page);
                    freed++;
                }
            }
        } finally {
            mapping.treeLock().unlock();
        }
        return freed;
    }
}
