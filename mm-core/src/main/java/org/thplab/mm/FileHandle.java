package org.thplab.mm;

import org.thplab.api.API;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.pagecache.AddressSpace;

/** A file of a mounted filesystem, to size, punch and map. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FileHandle {
    private final Kernel kernel;
    private final FilesystemType.FsFile file;
    private final AddressSpace mapping;

    FileHandle(Kernel kernel, FilesystemType.FsFile file, AddressSpace mapping) {
        this.kernel = kernel;
        this.file = file;
        this.mapping = mapping;
    }

    /** i_size in bytes. */
    public long size() {
        return mapping.size();
    }

    /** ftruncate(): pages beyond the new size are unmapped everywhere and freed. */
    public void truncate(long size) {
        kernel.machine().pluginFailures.contain(file, "truncate", () -> file.truncate(size));
    }

    /** fallocate(PUNCH_HOLE | KEEP_SIZE). */
    public void punchHole(long offset, long length) {
        kernel.machine().pluginFailures.contain(file, "punchHole", () -> file.punchHole(offset, length));
    }

    AddressSpace mapping() {
        return mapping;
    }

    Kernel kernel() {
        return kernel;
    }
}
