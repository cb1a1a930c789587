package org.thplab.fs.shmem;

import org.thplab.api.fs.CollapseRequest;
import org.thplab.api.fs.CollapseResult;
import org.thplab.api.fs.FaultFlags;
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
 * A tmpfs file (shmem inode): its page cache, its teams, and the fault handler of its
 * mappings (shmem_fault with the seed's FAULT_FLAG_MAY_HUGE / VM_FAULT_HUGE).
 *
 * <p>A team is one huge allocation split at once into small pages. Its head carries PG_team
 * from the start; the other frames join the team, and the page cache, only as they are
 * instantiated, until then they are "free holes" the file holds. team_usage counts the
 * instantiated pages, then HPAGE_PMD_NR plus one per PMD mapping (the core's part).
 * Locks: the page cache's tree lock around every membership change; the head's page lock is
 * taken without it.
 */
final class ShmemFile implements FilesystemType.FsFile, VmOperations {
    private static final long ENOSPC = -2;

    private final ShmemFilesystem fs;
    private final FsServices services;
    private final Pages pages;
    private final FileMapping mapping;
    private final int nr;
    private final long pageSize;
    private final long pmdSize;

    ShmemFile(ShmemFilesystem fs) {
        this.fs = fs;
        this.services = fs.services;
        this.pages = services.pages();
        this.mapping = services.newMapping(this);
        this.nr = services.geometry().hpagePmdNr();
        this.pageSize = services.geometry().pageSize();
        this.pmdSize = services.geometry().pmdSize();
    }

    @Override
    public FileMapping mapping() {
        return mapping;
    }

    // ------------------------------------------------------------------ the fault handler

    /**
     * shmem_fault(): the page of {@code vmf.pgoff()}, instantiating it (in a team where the
     * mount allows one); with FAULT_FLAG_MAY_HUGE and a mapping that can map the extent by
     * PMD, the whole team is populated and its head answered locked with VM_FAULT_HUGE.
     * Within a huge mapping there is no SIGBUS up to the huge page holding the end of file.
     */
    @Override
    public int fault(VmFault vmf) {
        long index = vmf.pgoff();
        boolean mayHuge = (vmf.flags() & FaultFlags.MAY_HUGE) != 0 && pmdMappable(vmf);
        long eof = (mapping.size() + pageSize - 1) / pageSize;
        long hugeEof = ((mapping.size() + pmdSize - 1) / pmdSize) * (pmdSize / pageSize);
        if (index >= eof && !(mayHuge && index < hugeEof && teamAllowed(index & -nr, vmf.vma()))) {
            return FaultReply.SIGBUS;
        }
        long page;
        long head = -1;
        mapping.treeLock().lock();
        try {
            page = getPage(index, vmf.vma(), mayHuge);
            if (page < 0) {
                return page == ENOSPC ? FaultReply.SIGBUS : FaultReply.OOM;
            }
            if (mayHuge && (pages.flags(page) & PageFlags.TEAM) != 0) {
                long h = pages.teamHead(page);
                if (populateTeam(h, index & -nr)) {
                    head = h; // shmem_populate_hugeteam(): complete, so it may be mapped by PMD
                }
            }
            pages.getPage(head >= 0 ? head : page);
        } finally {
            mapping.treeLock().unlock();
        }
        if (head >= 0) {
            pages.lockPage(head);
            vmf.setPage(head);
            return FaultReply.HUGE | FaultReply.LOCKED;
        }
        if (pmdMappable(vmf) && !vmf.vma().hasAnonVma() && teamAllowed(index & -nr, vmf.vma())) {
            long first = index & -nr;
            fs.queueRecovery(this, first, () -> recover(first)); // could not map huge now: rebuild later
        }
        vmf.setPage(page);
        return FaultReply.OK;
    }

    /**
     * hpage_collapse_scan_file() of the seed's design: MADV_COLLAPSE runs the extent's recovery
     * now, whatever the mount's huge option, unless nothing of the extent is cached (6.18's
     * SCAN_TRUNCATED, which ends the caller's walk). The seed has no khugepaged for files.
     */
    @Override
    public CollapseResult collapse(CollapseRequest request) {
        if (request.khugepaged()) {
            return CollapseResult.UNSUPPORTED; // the seed recovers teams from its faults instead
        }
        long first = request.first();
        if (first * pageSize >= mapping.size()) {
            return CollapseResult.EMPTY;
        }
        mapping.treeLock().lock();
        try {
            if (!anyCached(first)) {
                return CollapseResult.EMPTY;
            }
            if (completeTeamAt(first)) {
                return CollapseResult.ALREADY_HUGE;
            }
        } finally {
            mapping.treeLock().unlock();
        }
        if (!recover(first)) {
            return CollapseResult.NO_MEMORY;
        }
        mapping.treeLock().lock();
        try {
            return completeTeamAt(first) ? CollapseResult.COLLAPSED : CollapseResult.BUSY;
        } finally {
            mapping.treeLock().unlock();
        }
    }

    /** Whether the page cache holds any page of the extent at {@code first}. Called with the tree lock held. */
    private boolean anyCached(long first) {
        for (long i = first; i < first + nr; i++) {
            if (mapping.find(i) != FileMapping.NO_PAGE) {
                return true;
            }
        }
        return false;
    }

    /** Whether the extent at {@code first} is a complete team. Called with the tree lock held. */
    private boolean completeTeamAt(long first) {
        long head = mapping.find(first);
        return head != FileMapping.NO_PAGE && (pages.flags(head) & PageFlags.TEAM) != 0
                && pages.teamUsage(pages.teamHead(head)) >= nr;
    }

    // ------------------------------------------------------------------ recovery (the seed's patches 23-29)

    /**
     * A recovery work item: the extent at {@code first} becomes a complete team again (a
     * partial team resumed, or a fresh one allocated; pages in the wrong place copied into
     * their slots after they are unmapped; holes zero-filled) and every mapping that can map
     * it by PMD is remapped so.
     *
     * @return false if no huge page could be had (recov_failed), else true, even when the
     *         team is still incomplete
     */
    boolean recover(long first) {
        if (first * pageSize >= mapping.size()) {
            return true; // work_too_late: truncated meanwhile
        }
        long head;
        java.util.List<Long> misplaced = new java.util.ArrayList<>();
        mapping.treeLock().lock();
        try {
            long member = firstCached(first);
            if (member != FileMapping.NO_PAGE && (pages.flags(member) & PageFlags.TEAM) != 0) {
                head = pages.teamHead(member); // resume_teamed
            } else {
                head = pages.allocPages(services.geometry().hpagePmdOrder());
                if (head == Pages.NO_PAGE) {
                    return false; // recov_failed: no huge page now
                }
                pages.splitPage(head, services.geometry().hpagePmdOrder());
                pages.changeFlags(head, PageFlags.TEAM, 0);
            }
            for (int k = 0; k < nr; k++) {
                long p = mapping.find(first + k);
                if (p != FileMapping.NO_PAGE && p != head + k) {
                    misplaced.add(first + k);
                }
            }
        } finally {
            mapping.treeLock().unlock();
        }
        for (long index : misplaced) {
            mapping.unmapMappingRange(index, 1, false); // migration first unmaps the old page
        }
        mapping.treeLock().lock();
        try {
            long limit = Math.min(nr, (((mapping.size() + pmdSize - 1) / pmdSize) * (pmdSize / pageSize)) - first);
            for (int k = 0; k < limit; k++) {
                long old = mapping.find(first + k);
                if (old == head + k) {
                    continue;
                }
                if (old != FileMapping.NO_PAGE) {
                    if (pages.mapcount(old) != 0) {
                        abandon(head);
                        return true; // page_unmigrated: mapped again meanwhile; a later fault may retry
                    }
                    byte content = pages.content(old);
                    mapping.delete(first + k);
                    fs.unchargeBlock();
                    services.count(FsServices.Counter.SHMEM, -1);
                    pages.putPage(old);
                    if (instantiate(head, first, k) < 0) {
                        abandon(head);
                        return true;
                    }
                    pages.setContent(head + k, content);
                } else if (instantiate(head, first, k) < 0) {
                    abandon(head);
                    return true;
                }
            }
        } finally {
            mapping.treeLock().unlock();
        }
        if (pages.teamUsage(head) >= nr) {
            mapping.remapTeamByPmd(first, head);
        }
        return true;
    }

    /** The seed's conditions on the mapping: not a private write, aligned file offset, the extent inside the VMA. */
    private boolean pmdMappable(VmFault vmf) {
        VmArea vma = vmf.vma();
        if ((vmf.flags() & FaultFlags.WRITE) != 0 && !vma.shared()) {
            return false;
        }
        long haddr = vmf.address() & -pmdSize;
        return ((vma.start() - vma.pgoff() * pageSize) & (pmdSize - 1)) == 0
                && haddr >= vma.start() && haddr + pmdSize <= vma.end();
    }

    /** Whether the mount gives the extent starting at page {@code first} a team. */
    private boolean teamAllowed(long first, VmArea vma) {
        return switch (fs.huge) {
            case NEVER -> false;
            case ALWAYS -> true;
            case WITHIN_SIZE -> (first + nr) * pageSize <= mapping.size();
            case ADVISE -> vma != null && vma.hugepage();
        };
    }

    /**
     * shmem_getpage() with the team lookup rule: the first page cached in the extent decides;
     * a team member means the matching subpage of that team, a small page means small pages,
     * nothing means a new team if the mount allows one. Called with the tree lock held.
     *
     * @return the page, or -1 (no memory) or {@link #ENOSPC}
     */
    private long getPage(long index, VmArea vma, boolean mayHuge) {
        long page = mapping.find(index);
        if (page != FileMapping.NO_PAGE) {
            return page;
        }
        long first = index & -nr;
        long member = firstCached(first);
        if (member != FileMapping.NO_PAGE && (pages.flags(member) & PageFlags.TEAM) != 0) {
            return instantiate(pages.teamHead(member), first, (int) (index - first));
        }
        if (member == FileMapping.NO_PAGE && fs.huge != HugeMode.NEVER && teamAllowed(first, vma)) {
            long head = pages.allocPages(services.geometry().hpagePmdOrder());
            if (head != Pages.NO_PAGE) {
                pages.splitPage(head, services.geometry().hpagePmdOrder());
                pages.changeFlags(head, PageFlags.TEAM, 0);
                if (mayHuge && instantiateRange(head, first, 0, nr)) {
                    return head + (index - first); // the whole team at once: the fault maps it by PMD
                }
                long got = instantiate(head, first, (int) (index - first));
                if (got < 0) {
                    disband(head); // the team never had a page: all of it goes back
                }
                return got;
            }
        }
        return smallPage(index);
    }

    /** A page cached in the extent starting at {@code first}, or NO_PAGE. */
    private long firstCached(long first) {
        if (fs.huge == HugeMode.NEVER) {
            return FileMapping.NO_PAGE;
        }
        return mapping.findFirst(first, nr);
    }

    private long smallPage(long index) {
        if (!fs.chargeBlock()) {
            return ENOSPC;
        }
        long page = pages.allocPages(0);
        if (page == Pages.NO_PAGE) {
            fs.unchargeBlock();
            return -1;
        }
        pages.changeFlags(page, PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
        mapping.add(index, page); // the allocation's reference is the cache's
        services.count(FsServices.Counter.SHMEM, 1);
        return page;
    }

    /**
     * Instantiates subpage {@code k} of the team at {@code head}, which serves the extent
     * starting at file page {@code first}; the page is zero-filled and the team counts it.
     */
    private long instantiate(long head, long first, int k) {
        long page = head + k;
        if ((pages.flags(page) & PageFlags.SWAPBACKED) != 0) {
            return page;
        }
        if (!fs.chargeBlock()) {
            return ENOSPC;
        }
        pages.changeFlags(page, PageFlags.TEAM | PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
        mapping.add(first + k, page);
        long usage = pages.addTeamUsage(head, 1);
        services.count(FsServices.Counter.SHMEM, 1);
        services.count(FsServices.Counter.SHMEM_FREEHOLES, usage == 1 ? nr - 1 : -1);
        if (usage == nr) {
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
        }
        return page;
    }

    /**
     * Instantiates subpages {@code [from, to)} of a team none of which is instantiated yet, as
     * {@link #instantiate} would one by one, but by ranges: nobody else can see them before
     * the page cache holds them, so their flags, page-cache entries and counters change
     * once for the range. False, changing nothing, if size= cannot take them all.
     */
    private boolean instantiateRange(long head, long first, int from, int to) {
        int n = to - from;
        if (!fs.chargeBlocks(n)) {
            return false;
        }
        pages.changeFlagsRange(head + from, n, PageFlags.TEAM | PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
        mapping.addRange(first + from, head + from, n);
        long usage = pages.addTeamUsage(head, n);
        services.count(FsServices.Counter.SHMEM, n);
        services.count(FsServices.Counter.SHMEM_FREEHOLES, usage == n ? nr - n : -n);
        if (usage == nr) {
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
        }
        return true;
    }

    /**
     * shmem_populate_hugeteam(): every hole of the team instantiated; false if size= forbids
     * it. A complete team is known by its usage alone, and holes go in by runs.
     */
    private boolean populateTeam(long head, long first) {
        if (pages.teamUsage(head) >= nr) {
            return true;
        }
        for (int k = 0; k < nr; ) {
            if ((pages.flags(head + k) & PageFlags.SWAPBACKED) != 0) {
                k++;
                continue;
            }
            int end = k + 1;
            while (end < nr && (pages.flags(head + end) & PageFlags.SWAPBACKED) == 0) {
                end++;
            }
            if (!instantiateRange(head, first, k, end)) {
                for (; k < end; k++) { // size= takes only some: as many as it allows, one by one
                    if (instantiate(head, first, k) < 0) {
                        return false;
                    }
                }
            }
            k = end;
        }
        return true;
    }

    /** A fresh team that never got a page goes back whole; a partial one stays for a later try. */
    private void abandon(long head) {
        if (pages.teamUsage(head) == 0) {
            disband(head);
        }
    }

    // ------------------------------------------------------------------ truncate, punch, disband

    @Override
    public void truncate(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tmpfs: size " + size + ": expected a non-negative size");
        }
        long oldEnd = ((mapping.size() + pmdSize - 1) / pmdSize) * (pmdSize / pageSize);
        mapping.setSize(size);
        long keep = (size + pageSize - 1) / pageSize;
        if (keep < oldEnd) {
            remove(keep, oldEnd - keep, true);
        }
    }

    @Override
    public void punchHole(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("tmpfs: punch " + offset + "+" + length + ": expected non-negative");
        }
        long first = (offset + pageSize - 1) / pageSize;
        long end = (offset + length) / pageSize;
        if (end > first) {
            remove(first, end - first, false);
        }
    }

    /**
     * shmem_undo_range(): the range is unmapped everywhere (PMD mappings remapped to PTEs
     * first), every team it touches disbanded, and its pages freed.
     */
    private void remove(long first, long count, boolean evenCows) {
        mapping.unmapMappingRange(first, count, evenCows);
        mapping.treeLock().lock();
        try {
            for (long index = first; index < first + count; index++) {
                long page = mapping.find(index);
                if (page == FileMapping.NO_PAGE) {
                    continue;
                }
                if ((pages.flags(page) & PageFlags.TEAM) != 0) {
                    disband(pages.teamHead(page));
                }
                mapping.delete(index);
                fs.unchargeBlock();
                services.count(FsServices.Counter.SHMEM, -1);
                pages.putPage(page);
            }
        } finally {
            mapping.treeLock().unlock();
        }
    }

    /**
     * The hugehole shrinker's part for this file: incomplete teams are disbanded, so their free
     * holes go back to the allocator (the kernel may first migrate pages between partial teams;
     * the model only frees).
     *
     * @return holes freed
     */
    long shrinkHoles() {
        long freed = 0;
        mapping.treeLock().lock();
        try {
            java.util.Set<Long> heads = new java.util.TreeSet<>();
            mapping.forEach((index, pfn) -> {
                if ((pages.flags(pfn) & PageFlags.TEAM) != 0 && pages.teamUsage(pages.teamHead(pfn)) < nr) {
                    heads.add(pages.teamHead(pfn));
                }
            });
            for (long head : heads) {
                freed += nr - pages.teamUsage(head);
                disband(head);
            }
        } finally {
            mapping.treeLock().unlock();
        }
        return freed;
    }

    /**
     * shmem_disband_hugeteam(): membership ends and the pages live on as small pages; the free
     * holes go back to the allocator. No PMD may map the team any more.
     */
    private void disband(long head) {
        long usage = pages.teamUsage(head);
        if (usage > nr) {
            throw new IllegalStateException("tmpfs: disbanding the team at pfn " + Long.toHexString(head)
                    + " while PMDs still map it (team_usage " + usage + ")");
        }
        pages.addTeamUsage(head, -usage);
        for (int k = 0; k < nr; k++) {
            long p = head + k;
            boolean instantiated = (pages.flags(p) & PageFlags.SWAPBACKED) != 0;
            if (k == 0 || instantiated) {
                pages.changeFlags(p, 0, PageFlags.TEAM | PageFlags.CHECKED);
            }
            if (!instantiated) {
                pages.putPage(p); // a free hole
            }
        }
        if (usage == nr) {
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, -1);
        } else if (usage > 0) {
            services.count(FsServices.Counter.SHMEM_FREEHOLES, -(nr - usage));
        }
    }
}
