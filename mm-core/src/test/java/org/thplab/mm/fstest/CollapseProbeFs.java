package org.thplab.mm.fstest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thplab.api.fs.CollapseRequest;
import org.thplab.api.fs.CollapseResult;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A small-page filesystem written against the SPI alone that records each {@code collapse}
 * request it is asked and answers what the test set for the extent (default
 * {@link CollapseResult#COLLAPSED}), changing nothing: for checking the core's walk.
 */
public final class CollapseProbeFs implements FilesystemType {

    /** One request as the filesystem saw it. */
    public record Asked(long first, boolean khugepaged, long vmaStart, boolean mayCollapseWhole, boolean mayCollapseOne) {
    }

    /** The requests, in the order they came. */
    public final List<Asked> asked = new ArrayList<>();
    /** The answer for the extent starting at a file page; absent means COLLAPSED. */
    public final Map<Long, CollapseResult> answers = new HashMap<>();

    @Override
    public String name() {
        return "probefs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        Map<String, FsFile> files = new HashMap<>();
        return name -> files.computeIfAbsent(name, n -> new File(services));
    }

    private final class File implements FsFile, VmOperations {
        private final Pages pages;
        private final FileMapping mapping;
        private final long pageSize;
        private final int nr;

        File(FsServices services) {
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.pageSize = services.geometry().pageSize();
            this.nr = services.geometry().hpagePmdNr();
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
                pages.getPage(page);
                vmf.setPage(page);
                return FaultReply.OK;
            } finally {
                mapping.treeLock().unlock();
            }
        }

        @Override
        public CollapseResult collapse(CollapseRequest r) {
            asked.add(new Asked(r.first(), r.khugepaged(), r.vma().start(), r.mayCollapse(nr, 0), r.mayCollapse(1, 0)));
            return answers.getOrDefault(r.first(), CollapseResult.COLLAPSED);
        }

        @Override
        public void truncate(long size) {
            long keep = (size + pageSize - 1) / pageSize;
            long old = (mapping.size() + pageSize - 1) / pageSize;
            mapping.setSize(size);
            if (keep >= old) {
                return;
            }
            mapping.unmapMappingRange(keep, old - keep, true);
            mapping.treeLock().lock();
            try {
                for (long i = keep; i < old; i++) {
                    long page = mapping.delete(i);
                    if (page != FileMapping.NO_PAGE) {
                        pages.putPage(page);
                    }
                }
            } finally {
                mapping.treeLock().unlock();
            }
        }

        @Override
        public void punchHole(long offset, long length) {
            throw new IllegalArgumentException("probefs: no hole punching");
        }
    }
}
