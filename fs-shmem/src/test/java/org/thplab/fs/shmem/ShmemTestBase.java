package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.thplab.api.arch.Geometry;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * A kernel with tmpfs on one architecture, booted from the kit's {@link TestMachine}: the
 * kit's fixture runs the invariant checker after every test.
 */
abstract class ShmemTestBase {
    Kernel kernel;
    long page;
    long pmd;
    int nr;
    long base;
    private TestMachine machine;

    /** Boots {@code on} with tmpfs and mounts it with {@code options}. */
    Mount boot(TestMachine on, Map<String, String> options) {
        machine = on;
        kernel = on.boot(256L << 20, List.of(new Tmpfs()), null);
        Geometry g = kernel.architecture().geometry();
        page = g.pageSize();
        pmd = g.pmdSize();
        nr = g.hpagePmdNr();
        base = 8 * pmd;
        return kernel.mount("tmpfs", options);
    }

    Meminfo meminfo() {
        return kernel.meminfo();
    }

    /** Exits the processes, truncates the files to nothing, and expects every frame back. */
    void assertAllMemoryBack(List<FileHandle> files, Process... procs) {
        machine.release(files, procs);
        kernel.check();
        assertEquals(0, meminfo().shmem());
        assertEquals(0, meminfo().shmemFreeHoles());
        machine.assertAllMemoryBack();
    }
}
