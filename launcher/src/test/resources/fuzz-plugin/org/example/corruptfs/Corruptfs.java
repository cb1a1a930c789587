package org.example.corruptfs;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A ramfs with a planted bug, for thplab fuzz to find: from the mount's fifth fault on, a fault
 * that finds its page already cached scribbles over the page's data before mapping it, as a
 * filesystem that "revalidates" a cached page wrongly would ({@code corruptfs}); or, as
 * {@code leakyfs}, takes a reference it never drops. Nothing else is wrong with it.
 */
public class Corruptfs implements FilesystemType {
    /** The faults of a mount that find a cached page before the bug shows. */
    private static final int HEALTHY_FAULTS = 4;
    /** What the bug writes. */
    private static final byte SCRIBBLE = (byte) 0xA5;

    /** The leaking one. */
    public static final class Leakyfs extends Corruptfs {
        public Leakyfs() {
            super("leakyfs", true);
        }
    }

    private final String name;
    private final boolean leak;
    private final DeclaredOptions options;

    public Corruptfs() {
        this("corruptfs", false);
    }

    Corruptfs(String name, boolean leak) {
        this.name = name;
        this.leak = leak;
        this.options = DeclaredOptions.of(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<DeclaredOptions> declaredOptions() {
        return Optional.of(options);
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        if (!options.isEmpty()) {
            throw this.options.unknown(options.keySet().iterator().next());
        }
        Map<String, FsFile> files = new HashMap<>();
        int[] faults = {0};
        return name -> files.computeIfAbsent(name, n -> new File(services, faults, leak));
    }

    private static final class File implements FsFile, VmOperations {
        private final Pages pages;
        private final FileMapping mapping;
        private final long pageSize;
        private final int[] faults;
        private final boolean leak;

        File(FsServices services, int[] faults, boolean leak) {
            this.leak = leak;
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.pageSize = services.geometry().pageSize();
            this.faults = faults;
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            if (vmf.pgoff() * pageSize >= mapping.size()) {
                return FaultReply.SIGBUS;
            }
            mapping.treeLock().lock();
            try {
                long page = mapping.find(vmf.pgoff());
                if (page == FileMapping.NO_PAGE) {
                    page = pages.allocPages(0);
                    if (page == Pages.NO_PAGE) {
                        return FaultReply.OOM;
                    }
                    pages.changeFlags(page, PageFlags.UPTODATE, 0);
                    mapping.add(vmf.pgoff(), page);
                } else if (++faults[0] > HEALTHY_FAULTS) {
                    if (leak) {
                        pages.getPage(page); // the planted bug: a reference never put
                    } else {
                        pages.setContent(page, SCRIBBLE); // the planted bug
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

        private void remove(long first, long count, boolean evenCows) {
            mapping.unmapMappingRange(first, count, evenCows);
            mapping.treeLock().lock();
            try {
                for (long i = first; i < first + count; i++) {
                    long page = mapping.delete(i);
                    if (page != FileMapping.NO_PAGE) {
                        pages.putPage(page);
                    }
                }
            } finally {
                mapping.treeLock().unlock();
            }
        }
    }
}
