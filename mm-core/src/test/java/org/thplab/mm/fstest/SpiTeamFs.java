package org.thplab.mm.fstest;

import java.util.HashMap;
import java.util.Map;
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
 * A small filesystem written against the SPI alone (it imports nothing of mm-core): with
 * {@code huge=1} every extent is allocated as a complete team and faults may answer huge;
 * truncate and hole punch unmap, disband the teams they touch and free the pages.
 */
public final class SpiTeamFs implements FilesystemType {

    @Override
    public String name() {
        return "teamfs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        boolean huge = false;
        for (var e : options.entrySet()) {
            if (!e.getKey().equals("huge") || !(e.getValue().equals("0") || e.getValue().equals("1"))) {
                throw new IllegalArgumentException("teamfs: bad option '" + e.getKey() + "=" + e.getValue()
                        + "': expected huge=0|1");
            }
            huge = e.getValue().equals("1");
        }
        boolean hugeMount = huge;
        Map<String, FsFile> files = new HashMap<>();
        return name -> {
            if (files.containsKey(name)) {
                throw new IllegalArgumentException("teamfs: file '" + name + "' exists");
            }
            FsFile f = new File(services, hugeMount);
            files.put(name, f);
            return f;
        };
    }

    private static final class File implements FsFile, VmOperations {
        private final FsServices services;
        private final Pages pages;
        private final FileMapping mapping;
        private final boolean huge;
        private final int nr;
        private final long pageSize;

        File(FsServices services, boolean huge) {
            this.services = services;
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.huge = huge;
            this.nr = services.geometry().hpagePmdNr();
            this.pageSize = services.geometry().pageSize();
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            long index = vmf.pgoff();
            if (index * pageSize >= mapping.size()) {
                return FaultReply.SIGBUS;
            }
            long page;
            long head = -1;
            mapping.treeLock().lock();
            try {
                page = mapping.find(index);
                if (page == FileMapping.NO_PAGE && huge && mapping.find(index & -nr) == FileMapping.NO_PAGE) {
                    head = allocateTeam(index & -nr);
                }
                page = mapping.find(index);
                if (page == FileMapping.NO_PAGE) {
                    page = pages.allocPages(0);
                    if (page == Pages.NO_PAGE) {
                        return FaultReply.OOM;
                    }
                    pages.changeFlags(page, PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
                    mapping.add(index, page);
                    services.count(FsServices.Counter.SHMEM, 1);
                }
                if ((pages.flags(page) & PageFlags.TEAM) != 0) {
                    head = pages.teamHead(page);
                }
            } finally {
                mapping.treeLock().unlock();
            }
            if (head >= 0 && (vmf.flags() & FaultFlags.MAY_HUGE) != 0 && pmdMappable(vmf)) {
                pages.lockPage(head);
                pages.getPage(head);
                vmf.setPage(head);
                return FaultReply.HUGE | FaultReply.LOCKED;
            }
            pages.getPage(page);
            vmf.setPage(page);
            return FaultReply.OK;
        }

        /** A complete team for the extent at {@code first}; -1 if no huge page can be had. */
        private long allocateTeam(long first) {
            long head = pages.allocPages(services.geometry().hpagePmdOrder());
            if (head == Pages.NO_PAGE) {
                return -1;
            }
            pages.splitPage(head, services.geometry().hpagePmdOrder());
            for (int k = 0; k < nr; k++) {
                pages.changeFlags(head + k, PageFlags.TEAM | PageFlags.SWAPBACKED | PageFlags.UPTODATE, 0);
                mapping.add(first + k, head + k);
            }
            pages.addTeamUsage(head, nr);
            services.count(FsServices.Counter.SHMEM, nr);
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
            return head;
        }

        private boolean pmdMappable(VmFault vmf) {
            VmArea vma = vmf.vma();
            if ((vmf.flags() & FaultFlags.WRITE) != 0 && !vma.shared()) {
                return false;
            }
            long pmdSize = services.geometry().pmdSize();
            long haddr = vmf.address() & -pmdSize;
            return ((vma.start() - vma.pgoff() * pageSize) & (pmdSize - 1)) == 0 && haddr >= vma.start()
                    && haddr + pmdSize <= vma.end();
        }

        @Override
        public void truncate(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("teamfs: size " + size + ": expected non-negative");
            }
            long keep = (size + pageSize - 1) / pageSize;
            long old = (mapping.size() + pageSize - 1) / pageSize;
            mapping.setSize(size);
            if (keep < old) {
                remove(keep, old - keep, true);
            }
        }

        @Override
        public void punchHole(long offset, long length) {
            long first = (offset + pageSize - 1) / pageSize;
            long end = (offset + length) / pageSize;
            if (end > first) {
                remove(first, end - first, false);
            }
        }

        /** Unmaps everywhere, disbands the teams touched, frees the pages of the range. */
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
                    services.count(FsServices.Counter.SHMEM, -1);
                    pages.putPage(page);
                }
            } finally {
                mapping.treeLock().unlock();
            }
        }

        /** shmem_disband_hugeteam(): membership ends; the pages live on as small pages. */
        private void disband(long head) {
            long first = pages.index(head);
            pages.addTeamUsage(head, -pages.teamUsage(head));
            for (int k = 0; k < nr; k++) {
                long p = mapping.find(first + k);
                if (p != FileMapping.NO_PAGE) {
                    pages.changeFlags(p, 0, PageFlags.TEAM);
                }
            }
            services.count(FsServices.Counter.SHMEM_HUGEPAGES, -1);
        }
    }
}
