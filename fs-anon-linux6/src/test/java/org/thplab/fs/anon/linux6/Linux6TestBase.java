package org.thplab.fs.anon.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.mm.Access;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * A kernel with the 6.18 policy on one architecture, knobs at 6.18's defaults. Every helper
 * that changes memory runs the invariant checker after it, and so does the end of each test.
 */
abstract class Linux6TestBase {
    Kernel kernel;
    long page;
    long pmd;
    int nr;
    /** A PMD-aligned address clear of everything a test maps below it. */
    long base;
    long free;

    static Stream<String> archs() {
        return Stream.of("x86_64", "ppc64", "ppc64-radix");
    }

    Process boot(String arch) {
        return boot(arch, 256L << 20);
    }

    /** A machine of {@code extents} huge pages of memory. */
    Process bootSmall(String arch, int extents) {
        return boot(arch, extents * architecture(arch).geometry().pmdSize());
    }

    static Architecture architecture(String arch) {
        Linux6TestBase.class.getModule().addUses(Architecture.class);
        return Architectures.select(ServiceLoader.load(Architecture.class), arch);
    }

    Process boot(String arch, long memory) {
        Architecture a = architecture(arch);
        kernel = Kernel.boot(a, memory, List.of(), new AnonymousThpLinux6());
        page = a.geometry().pageSize();
        pmd = a.geometry().pmdSize();
        nr = a.geometry().hpagePmdNr();
        base = 8 * pmd;
        free = kernel.freeFrames();
        return kernel.spawn();
    }

    /** {@code p} maps {@code extents} PMD extents of private anonymous memory at {@link #base}. */
    void map(Process p, int extents) {
        p.mmapAnonymous(base, extents * pmd, PROT_READ | PROT_WRITE);
    }

    /** thp KEY=VALUE. */
    void thp(String knob, String value) {
        kernel.setThp(knob, value);
    }

    long event(String name) {
        return kernel.vmstat().get(name);
    }

    /** Stores {@code value + i} into page {@code i} of [addr, addr + pages), then checks the kernel. */
    void fill(Process p, long addr, int pages, int value) {
        for (int i = 0; i < pages; i++) {
            assertEquals(Access.OK, p.store(addr + i * page, (value + i) & 0xff));
        }
        kernel.check();
    }

    /** One store, then the invariant checker. */
    void store(Process p, long addr, int value) {
        assertEquals(Access.OK, p.store(addr, value));
        kernel.check();
    }

    /** Expects what {@link #fill} stored. */
    void assertFilled(Process p, long addr, int pages, int value) {
        for (int i = 0; i < pages; i++) {
            assertEquals((value + i) & 0xff, p.load(addr + i * page).value(), "page " + i);
        }
    }

    /**
     * Spawns a process holding every other page of what memory is free (base pages, by
     * MADV_NOHUGEPAGE): plenty is free, but no huge page can be had until it exits.
     */
    Process fragmentMemory() {
        Process hog = kernel.spawn();
        long at = base + 64 * pmd;
        long len = kernel.freeFrames() * page;
        hog.mmapAnonymous(at, len, PROT_READ | PROT_WRITE);
        hog.madvise(at, len, Process.Advice.NOHUGEPAGE);
        long taken = 0;
        while (hog.store(at + taken * page, 1) == Access.OK) {
            taken++; // until memory runs out
        }
        for (long i = 0; i < taken; i += 2) {
            hog.munmap(at + i * page, page);
        }
        kernel.check();
        return hog;
    }

    @AfterEach
    void checkInvariants() {
        if (kernel != null) {
            kernel.check();
        }
    }

    /** Exits the processes, lets the shrinkers run, and expects every frame back. */
    void assertAllMemoryBack(Process... procs) {
        for (Process p : procs) {
            p.exit();
            kernel.check();
        }
        kernel.reclaim();
        kernel.check();
        assertEquals(0, kernel.meminfo().anonPages());
        assertEquals(free, kernel.freeFrames(), "every page and table back");
    }
}
