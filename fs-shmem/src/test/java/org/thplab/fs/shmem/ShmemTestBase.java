package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/** A kernel with tmpfs on one architecture; the invariant checker runs after every test. */
abstract class ShmemTestBase {
    Kernel kernel;
    long page;
    long pmd;
    int nr;
    long base;
    long free;

    static Stream<String> archs() {
        return Stream.of("x86_64", "ppc64", "ppc64-radix");
    }

    Mount boot(String arch, Map<String, String> options) {
        ShmemTestBase.class.getModule().addUses(Architecture.class);
        Architecture a = Architectures.select(ServiceLoader.load(Architecture.class), arch);
        kernel = Kernel.boot(a, 256L << 20, List.of(new Tmpfs()));
        page = a.geometry().pageSize();
        pmd = a.geometry().pmdSize();
        nr = a.geometry().hpagePmdNr();
        base = 8 * pmd;
        free = kernel.freeFrames();
        return kernel.mount("tmpfs", options);
    }

    Meminfo meminfo() {
        return kernel.meminfo();
    }

    @AfterEach
    void checkInvariants() {
        if (kernel != null) {
            kernel.check();
        }
    }

    /** Exits the processes, truncates the files to nothing, and expects every frame back. */
    void assertAllMemoryBack(List<FileHandle> files, Process... procs) {
        for (Process p : procs) {
            p.exit();
        }
        for (FileHandle f : files) {
            f.truncate(0);
        }
        kernel.check();
        assertEquals(0, meminfo().shmem());
        assertEquals(0, meminfo().shmemFreeHoles());
        assertEquals(free, kernel.freeFrames(), "every page, hole and table back");
    }
}
