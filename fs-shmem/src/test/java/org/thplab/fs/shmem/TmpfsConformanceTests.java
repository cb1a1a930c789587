package org.thplab.fs.shmem;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.thplab.api.fs.FilesystemType;
import org.thplab.fs.tck.FilesystemConformanceKit;

/** tmpfs passes the filesystem conformance kit with small pages and with teams. */
class TmpfsConformanceTests extends FilesystemConformanceKit {
    @Override
    protected FilesystemType filesystemType() {
        return new Tmpfs();
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("huge", "sometimes", "size", "lots", "nosuchoption", "1");
    }

    @Nested
    class HugeAlways extends FilesystemConformanceKit {
        @Override
        protected FilesystemType filesystemType() {
            return new Tmpfs();
        }

        @Override
        protected Map<String, String> badOptions() {
            return Map.of("huge", "2");
        }

        @Override
        protected Map<String, String> mountOptions() {
            return Map.of("huge", "always");
        }
    }
}
