package org.thplab.fs.tck;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/** A small-page filesystem for the kit's self-test, with the mistakes plugin authors make as switches. */
final class ToyRamfs implements FilesystemType {
    enum Mistake { NONE, TRUNCATE_WITHOUT_UNMAP, FAULT_WITHOUT_REFERENCE, ACCEPTS_ANY_OPTION, DECLARES_WHAT_IT_REFUSES,
        ANSWERS_ANOTHER_FILES_PAGE }

    private final Mistake mistake;

    ToyRamfs(Mistake mistake) {
        this.mistake = mistake;
    }

    @Override
    public String name() {
        return "toyramfs";
    }

    /** No options; the mistaken one declares {@code huge=never} and still refuses it. */
    @Override
    public Optional<DeclaredOptions> declaredOptions() {
        return Optional.of(mistake == Mistake.DECLARES_WHAT_IT_REFUSES
                ? DeclaredOptions.of(name(), DeclaredOption.words("huge", "never"))
                : DeclaredOptions.of(name()));
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        if (!options.isEmpty() && mistake != Mistake.ACCEPTS_ANY_OPTION) {
            throw new IllegalArgumentException("toyramfs: unknown options " + options.keySet() + ": expected none");
        }
        Map<String, FsFile> files = new HashMap<>();
        File[] first = {null};
        return name -> files.computeIfAbsent(name, n -> {
            File f = new File(services, first[0]);
            first[0] = first[0] == null ? f : first[0];
            return f;
        });
    }

    private final class File implements FsFile, VmOperations {
        private final Pages pages;
        private final FileMapping mapping;
        private final long pageSize;
        /** The mount's first file, whose pages the mistake ANSWERS_ANOTHER_FILES_PAGE hands out; null for that file. */
        private final File first;

        File(FsServices services, File first) {
            this.first = first;
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.pageSize = services.geometry().pageSize();
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
                }
                if (mistake == Mistake.ANSWERS_ANOTHER_FILES_PAGE && first != null) {
                    first.mapping.treeLock().lock();
                    try {
                        long theirs = first.mapping.find(vmf.pgoff());
                        page = theirs == FileMapping.NO_PAGE ? page : theirs;
                    } finally {
                        first.mapping.treeLock().unlock();
                    }
                }
                if (mistake != Mistake.FAULT_WITHOUT_REFERENCE) {
                    pages.getPage(page);
                }
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

        private void remove(long first, long count, boolean truncating) {
            if (!(truncating && mistake == Mistake.TRUNCATE_WITHOUT_UNMAP)) {
                mapping.unmapMappingRange(first, count, truncating);
            }
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
