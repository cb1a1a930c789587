package org.example.tmpfs;

import java.util.Map;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/** A third party's filesystem type named tmpfs, as fs-shmem's is: loading both is a conflict to be named. */
public final class OtherTmpfs implements FilesystemType {
    @Override
    public String name() {
        return "tmpfs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        throw new UnsupportedOperationException("never mounted: the conflict stops the run first");
    }
}
