package org.thplab.mm;

import org.thplab.api.API;
import org.thplab.api.fs.FilesystemType;

/** A mounted filesystem of a {@link Kernel}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Mount {
    private final Kernel kernel;
    private final String type;
    private final FilesystemType.Filesystem fs;

    Mount(Kernel kernel, String type, FilesystemType.Filesystem fs) {
        this.kernel = kernel;
        this.type = type;
        this.fs = fs;
    }

    /** The filesystem type's name. */
    public String type() {
        return type;
    }

    /**
     * Creates an empty file.
     *
     * @throws IllegalArgumentException if the filesystem refuses the name
     */
    public FileHandle create(String name) {
        FilesystemType.FsFile file = kernel.machine().pluginFailures.require(fs, "create", () -> fs.create(name));
        FileHandle handle = new FileHandle(kernel, file, kernel.ownMapping(file.mapping(), type));
        kernel.registerFsFile(handle.mapping(), file);
        return handle;
    }
}
