package org.example.ramfs;

import java.util.Map;
import org.thplab.api.fs.FilesystemType;
import org.thplab.fs.tck.FilesystemConformanceKit;

/** ramfs passes thplab's filesystem conformance kit on every architecture. */
class RamfsConformanceTests extends FilesystemConformanceKit {
    @Override
    protected FilesystemType filesystemType() {
        return new Ramfs();
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("huge", "always", "size", "1M");
    }
}
