package org.thplab.mm.fstest;

import java.util.Map;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A minimal compound-page filesystem on the SPI alone, for the core's compound tests: an
 * aligned fault in an empty extent of a suitable mapping caches a swap-backed PMD-order page,
 * others small pages; truncate to 0 unmaps and drops everything. Its last mount's services
 * are kept, so that tests can drive the SPI directly.
 */
public final class FolioFs implements FilesystemType {
    /** The services of the last mount. */
    public FsServices services;

    @Override
    public String name() {
        return "foliofs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        this.services = services;
        return name -> new File(services);
    }

    private static final class File implements FsFile, VmOperations {
        private final FsServices services;
        private final Pages pages;
        private final FileMapping mapping;
        private final long pageSize;
        private final int nr;
        private final int order;

        File(FsServices services) {
            this.services = services;
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.pageSize = services.geometry().pageSize();
            this.nr = services.geometry().hpagePmdNr();
            this.order = services.geometry().hpagePmdOrder();
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
            mapping.treeLock().lock();
            try {
                long page = mapping.find(index);
                if (page == FileMapping.NO_PAGE) {
                    long first = index & -(long) nr;
                    boolean empty = true;
                    for (long i = first; i < first + nr; i++) {
                        empty &= mapping.find(i) == FileMapping.NO_PAGE;
                    }
                    long head = empty && vmf.vma().pmdSuitable(vmf.address()) ? pages.allocCompoundPage(order) : -1;
                    if (head >= 0) {
                        pages.changeFlags(head, PageFlags.UPTODATE | PageFlags.SWAPBACKED, 0);
                        mapping.addFolio(first, head);
                        services.count(FsServices.Counter.SHMEM, nr);
                        services.count(FsServices.Counter.SHMEM_HUGEPAGES, 1);
                        page = head + (index - first);
                    } else {
                        page = pages.allocPages(0);
                        pages.changeFlags(page, PageFlags.UPTODATE | PageFlags.SWAPBACKED, 0);
                        mapping.add(index, page);
                        services.count(FsServices.Counter.SHMEM, 1);
                    }
                }
                pages.getPage(page);
                vmf.setPage(page);
                return FaultReply.OK;
            } finally {
                mapping.treeLock().unlock();
            }
        }

        @Override
        public void truncate(long size) {
            mapping.setSize(size);
            if (size != 0) {
                return;
            }
            mapping.unmapMappingRange(0, 1L << 30, true);
            mapping.treeLock().lock();
            try {
                java.util.List<long[]> all = new java.util.ArrayList<>();
                mapping.forEach((index, pfn) -> all.add(new long[] {index, pfn}));
                for (long[] e : all) {
                    if (mapping.find(e[0]) == FileMapping.NO_PAGE) {
                        continue;
                    }
                    boolean huge = pages.compoundOrder(e[1]) > 0;
                    pages.putPage(huge ? mapping.deleteFolio(e[0]) : mapping.delete(e[0]));
                    services.count(FsServices.Counter.SHMEM, huge ? -nr : -1);
                    services.count(FsServices.Counter.SHMEM_HUGEPAGES, huge ? -1 : 0);
                }
            } finally {
                mapping.treeLock().unlock();
            }
        }

        @Override
        public void punchHole(long offset, long length) {
            throw new UnsupportedOperationException("foliofs: no punch");
        }
    }
}
