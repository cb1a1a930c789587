package org.example.ramfs;

import java.lang.reflect.Field;
import java.util.Map;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/** A filesystem whose fault handler tries to open up the core object it was handed, and throws when it cannot. */
public final class Hostile implements FilesystemType {
    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        return name -> new File(services);
    }

    private static final class File implements FsFile, VmOperations {
        private final FsServices services;
        private final FileMapping mapping;

        File(FsServices services) {
            this.services = services;
            this.mapping = services.newMapping(this);
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            for (Field f : services.getClass().getDeclaredFields()) {
                f.setAccessible(true); // InaccessibleObjectException: mm-core opens nothing
                throw new AssertionError("reached mm-core internals through " + f);
            }
            return FaultReply.SIGBUS;
        }

        @Override
        public void truncate(long size) {
            mapping.setSize(size);
        }

        @Override
        public void punchHole(long offset, long length) {
        }
    }
}
