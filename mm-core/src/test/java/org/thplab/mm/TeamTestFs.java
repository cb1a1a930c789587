package org.thplab.mm;

import org.thplab.api.fs.FaultFlags;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.VmArea;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pagecache.PageCache;
import org.thplab.mm.stat.VmStat;

/**
 * A minimal huge-tmpfs stand-in for testing the core's team paths: every extent of the file
 * is a complete team allocated on first fault, answered huge when the seed's conditions
 * hold (MAY_HUGE, not a private write, the PMD extent aligned and inside the mapping).
 */
@SuppressWarnings("exports") // test-tree only: the packages below the facade are not exported
public final class TeamTestFs implements VmOperations {
    private final Machine m;
    private final MemMap map;
    private final int nr;
    private final long page;
    public final AddressSpace file;
    public boolean huge = true;

    public TeamTestFs(Kernel kernel, long size) {
        this.m = kernel.machine();
        this.map = m.map;
        this.nr = m.g.hpagePmdNr();
        this.page = m.g.pageSize();
        this.file = kernel.newFile(this, size);
    }

    /** mmap() of this file into {@code p}, for the tests of the packages below the facade. */
    public void mmap(Process p, long addr, long len, int prot, boolean shared, long pgoff) {
        p.mmapFile(addr, len, prot, shared, file, pgoff);
    }

    @Override
    public int fault(VmFault vmf) {
        long index = vmf.pgoff();
        if (index * page >= file.size()) {
            return FaultReply.SIGBUS;
        }
        long head;
        file.treeLock().lock();
        try {
            head = team(index & -nr);
            if (head == BuddyAllocator.NO_PAGE) {
                return FaultReply.OOM;
            }
        } finally {
            file.treeLock().unlock();
        }
        if ((vmf.flags() & FaultFlags.MAY_HUGE) != 0 && huge && pmdMappable(vmf)) {
            while (!map.trylockPage(head)) {
                Thread.onSpinWait();
            }
            map.addRefcount(head, 1);
            vmf.setPage(head);
            return FaultReply.HUGE | FaultReply.LOCKED;
        }
        long pfn = head + (index & (nr - 1));
        map.addRefcount(pfn, 1);
        vmf.setPage(pfn);
        return FaultReply.OK;
    }

    /** The seed's conditions (section 1.3 of the notes): not a private write, aligned, inside the VMA. */
    private boolean pmdMappable(VmFault vmf) {
        VmArea vma = vmf.vma();
        boolean write = (vmf.flags() & FaultFlags.WRITE) != 0;
        if (write && !vma.shared()) {
            return false;
        }
        long pmdSize = m.g.pmdSize();
        if (((vma.start() - vma.pgoff() * page) & (pmdSize - 1)) != 0) {
            return false;
        }
        long haddr = vmf.address() & -pmdSize;
        return haddr >= vma.start() && haddr + pmdSize <= vma.end();
    }

    /** The complete team of the extent starting at {@code first}, allocated on first use. */
    private long team(long first) {
        PageCache cache = file.cache();
        long head = cache.find(first);
        if (head != PageCache.NO_PAGE) {
            return head;
        }
        head = m.buddy.allocPages(m.g.hpagePmdOrder());
        if (head == BuddyAllocator.NO_PAGE) {
            return head;
        }
        m.buddy.splitPage(head, m.g.hpagePmdOrder());
        for (int k = 0; k < nr; k++) {
            long p = head + k;
            map.set(p, PageFlags.TEAM | PageFlags.SWAPBACKED | PageFlags.UPTODATE);
            map.setMapping(p, file.id());
            map.setIndex(p, first + k);
            cache.add(first + k, p); // the allocation's reference is the cache's
        }
        map.setPriv(head, nr); // team_usage: complete
        m.stat.add(VmStat.Item.NR_SHMEM, nr);
        m.stat.add(VmStat.Item.NR_SHMEM_HUGEPAGES, 1);
        return head;
    }

    /** Drops every page from the cache (the file goes); mapped pages live on until unmapped. */
    void evict() {
        file.treeLock().lock();
        try {
            PageCache cache = file.cache();
            long[] indexes = new long[Math.toIntExact(cache.size())];
            int[] n = {0};
            cache.forEach((index, pfn) -> indexes[n[0]++] = index);
            for (long index : indexes) {
                long pfn = cache.delete(index);
                if ((index & (nr - 1)) == 0) {
                    map.setPriv(pfn, 0);
                    m.stat.add(VmStat.Item.NR_SHMEM_HUGEPAGES, -1);
                }
                map.clear(pfn, PageFlags.TEAM);
                m.stat.add(VmStat.Item.NR_SHMEM, -1);
                m.putPage(pfn);
            }
        } finally {
            file.treeLock().unlock();
        }
    }
}
