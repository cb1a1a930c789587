package org.example.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A small-page ramfs, honest except for the one bug its mount option {@code bug=NAME} plants
 * (see {@link #fault} and {@link File#truncate}): the hostile-plugin suite's filesystem.
 */
public final class HostileFs implements FilesystemType {
    /** The pages of the first mount's files, for a later mount to answer with (bug=othermount). */
    static final List<Long> FIRST_MOUNT_PAGES = new ArrayList<>();

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        String bug = options.getOrDefault("bug", "none");
        if (bug.equals("mount-error")) {
            throw new OutOfMemoryError("hostile: mount ran out of everything");
        }
        Bugs.sneaky(bug.equals("mount-sneaky"), new java.io.IOException("hostile: mount read a bad disk"));
        File shadow = new File(services, "none", null);
        return new Filesystem() {
            @Override
            public FsFile create(String name) {
                if (bug.equals("create-hang")) {
                    Bugs.hang();
                }
                return new File(services, bug, shadow);
            }

            @Override
            public int settle() {
                if (bug.equals("settle-error")) {
                    throw new StackOverflowError("hostile: settle recursed");
                }
                return 0;
            }
        };
    }

    static final class File implements FsFile, VmOperations {
        private final FsServices services;
        private final Pages pages;
        private final FileMapping mapping;
        private final String bug;
        /** Another file of the same mount (bug=otherfile). */
        private final File sibling;
        private final long pageSize;

        File(FsServices services, String bug, File sibling) {
            this.services = services;
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.bug = bug;
            this.sibling = sibling;
            this.pageSize = services.geometry().pageSize();
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        /** The page at {@code index}, instantiated if need be, with no reference for the caller; -1 for no memory. */
        long find(long index) {
            mapping.treeLock().lock();
            try {
                long p = mapping.find(index);
                if (p == FileMapping.NO_PAGE) {
                    p = pages.allocPages(0);
                    if (p == Pages.NO_PAGE) {
                        return -1;
                    }
                    mapping.add(index, p); // the allocation's reference is the cache's
                    synchronized (FIRST_MOUNT_PAGES) {
                        FIRST_MOUNT_PAGES.add(p);
                    }
                }
                return p;
            } finally {
                mapping.treeLock().unlock();
            }
        }

        @Override
        public int fault(VmFault vmf) {
            long index = vmf.pgoff();
            if (index * pageSize >= mapping.size()) {
                return FaultReply.SIGBUS;
            }
            long p = find(index);
            if (p < 0) {
                return FaultReply.OOM;
            }
            switch (bug) {
                case "stack-overflow" -> Bugs.recurse(0);
                case "assert" -> throw new AssertionError("hostile: the page was meant to be there");
                case "sneaky" -> Bugs.sneaky(true, new java.io.IOException("hostile: the disk is on fire"));
                case "runtime" -> throw new IllegalStateException("hostile: fault gave up");
                case "noref" -> {
                    vmf.setPage(p); // the cache holds a reference; the answer holds none
                    return FaultReply.OK;
                }
                case "zero" -> {
                    vmf.setPage(0); // the core's first frame: the zero page
                    return FaultReply.OK;
                }
                case "core-frame" -> {
                    vmf.setPage(p - 1); // the frame allocated just before its own page: the core's
                    return FaultReply.OK;
                }
                case "free" -> {
                    vmf.setPage(p + 4096);
                    return FaultReply.OK;
                }
                case "beyond" -> {
                    vmf.setPage(Long.MAX_VALUE / 2);
                    return FaultReply.OK;
                }
                case "otherfile" -> {
                    long q = sibling.find(index);
                    pages.getPage(q);
                    vmf.setPage(q);
                    return FaultReply.OK;
                }
                case "othermount" -> {
                    synchronized (FIRST_MOUNT_PAGES) {
                        vmf.setPage(FIRST_MOUNT_PAGES.get(0));
                    }
                    return FaultReply.OK;
                }
                case "steal" -> {
                    synchronized (FIRST_MOUNT_PAGES) {
                        pages.getPage(FIRST_MOUNT_PAGES.get(0)); // Pages refuses: not this mount's frame
                    }
                    return FaultReply.SIGBUS;
                }
                case "truncated" -> {
                    pages.getPage(p);
                    mapping.treeLock().lock();
                    try {
                        mapping.delete(index); // the cache's reference is dropped, ours kept
                    } finally {
                        mapping.treeLock().unlock();
                    }
                    pages.putPage(p);
                    vmf.setPage(p);
                    return FaultReply.OK;
                }
                case "reentrant" -> {
                    pages.getPage(p);
                    truncate(0); // re-entrant: unmaps and frees the file's pages, ours stays referenced
                    vmf.setPage(p);
                    return FaultReply.OK;
                }
                case "huge-not-head" -> {
                    pages.getPage(p);
                    pages.lockPage(p);
                    vmf.setPage(p);
                    return FaultReply.HUGE | FaultReply.LOCKED;
                }
                case "huge-unlocked" -> {
                    pages.getPage(p);
                    vmf.setPage(p);
                    return FaultReply.HUGE;
                }
                case "locked-lie" -> {
                    pages.getPage(p);
                    vmf.setPage(p);
                    return FaultReply.LOCKED;
                }
                case "leak" -> {
                    pages.getPage(p);
                    pages.getPage(p); // one too many
                    vmf.setPage(p);
                    return FaultReply.OK;
                }
                case "hang" -> Bugs.hang();
                case "exit" -> System.exit(0);
                case "unsafe" -> Bugs.unsafe();
                case "reflect" -> Bugs.reflect(services);
                default -> {
                }
            }
            pages.getPage(p);
            vmf.setPage(p);
            return FaultReply.OK;
        }

        @Override
        public void truncate(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("hostile: negative size " + size);
            }
            if (bug.equals("truncate-sneaky") && size < mapping.size()) {
                Bugs.sneaky(true, new InterruptedException("hostile: truncate interrupted"));
            }
            long first = (size + pageSize - 1) / pageSize;
            mapping.setSize(size);
            mapping.unmapMappingRange(first, Long.MAX_VALUE / 2 / pageSize, true);
            remove(first, Long.MAX_VALUE / 2 / pageSize);
        }

        @Override
        public void punchHole(long offset, long length) {
            if (bug.equals("punch-error")) {
                throw new NoClassDefFoundError("org/example/hostile/Missing");
            }
            long first = (offset + pageSize - 1) / pageSize;
            long end = (offset + length) / pageSize;
            if (end > first) {
                mapping.unmapMappingRange(first, end - first, false);
                remove(first, end - first);
            }
        }

        private void remove(long first, long count) {
            List<long[]> doomed = new ArrayList<>();
            mapping.treeLock().lock();
            try {
                mapping.forEach((index, pfn) -> {
                    if (index >= first && index - first < count) {
                        doomed.add(new long[] {index, pfn});
                    }
                });
                for (long[] d : doomed) {
                    mapping.delete(d[0]);
                    pages.putPage(d[1]);
                }
            } finally {
                mapping.treeLock().unlock();
            }
        }
    }
}
