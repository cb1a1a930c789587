package org.thplab.fs.shmem.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.thplab.api.fs.FilesystemType;
import org.thplab.arch.tck.ServiceDeclarations;
import org.thplab.fs.tck.CompoundPageConformance;
import org.thplab.fs.tck.FilesystemConformanceKit;

/** Linux 6.18's tmpfs passes the filesystem kit (small and huge pages) and the compound-page contract. */
class Tmpfs6ConformanceTests extends FilesystemConformanceKit {
    @Override
    protected FilesystemType filesystemType() {
        return new Tmpfs();
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("huge", "sometimes", "size", "lots", "nosuchoption", "1");
    }

    @Test
    void isDeclaredAlikeForJpmsAndOsgi() {
        assertEquals(java.util.Set.of(Tmpfs.class.getName()),
                ServiceDeclarations.assertProvidersAgree(Tmpfs.class, FilesystemType.class));
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

    @Nested
    class CompoundPages extends CompoundPageConformance {
        @Override
        protected FilesystemType filesystemType() {
            return new Tmpfs();
        }

        @Override
        protected Map<String, String> mountOptions() {
            return Map.of("huge", "always");
        }
    }
}
