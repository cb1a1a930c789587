package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.thplab.api.arch.Geometry;

/** A booted machine for a test, checked by the invariant checker after every test. */
abstract class KernelTestBase {
    Kernel kernel;
    /** The anonymous THP policy: no fault goes huge by itself until a test says so. */
    StandInThp thp;
    Geometry g;
    long page;
    long pmd;
    /** A PMD-aligned address clear of everything a test maps below it. */
    long base;
    /** Free frames right after boot: what must come back. */
    long free;

    /** Boots {@code arch} with {@code memory} bytes and spawns the first process. */
    Process boot(String arch, long memory) {
        thp = new StandInThp();
        kernel = Kernel.boot(Architectures4Test.named(arch), memory, java.util.List.of(), thp);
        g = kernel.architecture().geometry();
        page = g.pageSize();
        pmd = g.pmdSize();
        base = 8 * pmd;
        free = kernel.freeFrames();
        return kernel.spawn();
    }

    Process boot(String arch) {
        return boot(arch, 256L << 20);
    }

    @AfterEach
    void checkInvariants() {
        if (kernel != null) {
            kernel.check();
        }
    }

    /** Exits {@code procs}, evicts the file, and expects every frame back. */
    void assertAllMemoryBack(TeamTestFs fs, Process... procs) {
        for (Process p : procs) {
            p.exit();
        }
        if (fs != null) {
            fs.evict();
        }
        kernel.check();
        assertEquals(free, kernel.freeFrames(), "every page and table back after exit and eviction");
    }
}
