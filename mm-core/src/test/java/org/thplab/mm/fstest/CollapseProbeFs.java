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
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A filesystem written against the SPI alone whose files hold no pages (every access is
 * SIGBUS): it records each {@code collapse} request it is asked and answers what the test set
 * for the extent (default {@link CollapseResult#COLLAPSED}), for checking the core's walk.
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

    /** A file that never holds a page: the walk asks the filesystem whatever is cached. */
    private final class File implements FsFile, VmOperations {
        private final FileMapping mapping;
        private final int nr;

        File(FsServices services) {
            this.mapping = services.newMapping(this);
            this.nr = services.geometry().hpagePmdNr();
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            return FaultReply.SIGBUS;
        }

        @Override
        public CollapseResult collapse(CollapseRequest r) {
            asked.add(new Asked(r.first(), r.khugepaged(), r.vma().start(), r.mayCollapse(nr, 0), r.mayCollapse(1, 0)));
            return answers.getOrDefault(r.first(), CollapseResult.COLLAPSED);
        }

        @Override
        public void truncate(long size) {
            mapping.setSize(size);
        }

        @Override
        public void punchHole(long offset, long length) {
            throw new IllegalArgumentException("probefs: no hole punching");
        }
    }
}
