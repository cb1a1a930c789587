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
 * A filesystem that opts into fault-around ({@code mapPages}) and leaves its page cache
 * wrong: a file caches one uptodate page at index 1 and again at index 5 (so the page records
 * index 5), and answers faults at index 5 only. A file named {@code boom} throws an Error from
 * {@code mapPages}. Truncating to 0 drops both entries.
 */
public final class StaleCacheFs implements FilesystemType {
    /** The page the last file created caches twice. */
    public static volatile long stalePage;

    @Override
    public String name() {
        return "stalefs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        return name -> new File(services, name.equals("boom"));
    }

    private static final class File implements FsFile, VmOperations {
        private final FileMapping mapping;
        private final Pages pages;
        private final boolean boom;
        private final long page;

        File(FsServices services, boolean boom) {
            this.mapping = services.newMapping(this);
            this.pages = services.pages();
            this.boom = boom;
            page = pages.allocPages(0);
            pages.changeFlags(page, PageFlags.UPTODATE, 0);
            pages.getPage(page);
            mapping.treeLock().lock();
            try {
                mapping.add(1, page);
                mapping.add(5, page); // index 1's entry now holds a page recorded at index 5
            } finally {
                mapping.treeLock().unlock();
            }
            stalePage = page;
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public boolean mapPages() {
            if (boom) {
                throw new StackOverflowError("stalefs: mapPages recursed");
            }
            return true;
        }

        @Override
        public int fault(VmFault vmf) {
            if (vmf.pgoff() != 5) {
                return FaultReply.SIGBUS;
            }
            pages.getPage(page);
            vmf.setPage(page);
            return FaultReply.OK;
        }

        @Override
        public void truncate(long size) {
            mapping.setSize(size);
            if (size == 0) {
                mapping.unmapMappingRange(0, 16, true);
                mapping.treeLock().lock();
                try {
                    mapping.delete(1);
                    mapping.delete(5);
                } finally {
                    mapping.treeLock().unlock();
                }
                pages.putPage(page);
                pages.putPage(page);
            }
        }

        @Override
        public void punchHole(long offset, long length) {
        }
    }
}
