package org.thplab.mm.fstest;

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
 * A filesystem whose fault handler misbehaves on purpose: at page 0 it throws, at page 1 it
 * answers with a page it never took a reference on, elsewhere it answers SIGBUS properly.
 * Hole punches throw; a negative truncate is refused as the contract says, with an
 * IllegalArgumentException. Mounting with {@code explode}, creating {@code boom} and
 * collapsing throw.
 */
public final class HostileFs implements FilesystemType {
    /** The page its fault handler hands out without holding it. */
    public static final long BOGUS_PAGE = 0x7fff_ffffL;

    @Override
    public String name() {
        return "hostilefs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        if (options.containsKey("explode")) {
            throw new ArithmeticException("hostilefs: mount exploded");
        }
        return name -> {
            if (name.equals("boom")) {
                throw new IndexOutOfBoundsException("hostilefs: create exploded");
            }
            return new File(services);
        };
    }

    private static final class File implements FsFile, VmOperations {
        private final FileMapping mapping;

        File(FsServices services) {
            this.mapping = services.newMapping(this);
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            if (vmf.pgoff() == 0) {
                throw new IllegalStateException("hostilefs: page 0 is cursed");
            }
            if (vmf.pgoff() == 1) {
                vmf.setPage(BOGUS_PAGE);
                return FaultReply.OK;
            }
            return FaultReply.SIGBUS;
        }

        @Override
        public CollapseResult collapse(CollapseRequest request) {
            throw new UnsupportedOperationException("hostilefs: collapse exploded");
        }

        @Override
        public void truncate(long size) {
            if (size < 0) {
                throw new IllegalArgumentException("hostilefs: negative size " + size);
            }
            mapping.setSize(size);
        }

        @Override
        public void punchHole(long offset, long length) {
            throw new UnsupportedOperationException("hostilefs: no holes here");
        }
    }
}
