package org.thplab.fs.anon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * A kernel with fs-anon's policy on one architecture; the invariant checker runs after every
 * test. Knobs start at the upstream defaults (enabled=always, use_zero_page=1, ...).
 */
abstract class AnonTestBase {
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
        AnonTestBase.class.getModule().addUses(Architecture.class);
        return Architectures.select(ServiceLoader.load(Architecture.class), arch);
    }

    Process boot(String arch, long memory) {
        Architecture a = architecture(arch);
        kernel = Kernel.boot(a, memory, List.of(), new AnonymousThp());
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

    /**
     * Stores the pattern {@code value + i} into page {@code i} of [addr, addr + pages), as the
     * selftests do (the model keeps one byte per page, so the pattern is taken modulo 256).
     */
    void fill(Process p, long addr, int pages, int value) {
        for (int i = 0; i < pages; i++) {
            assertEquals(org.thplab.mm.Access.OK, p.store(addr + i * page, (value + i) & 0xff));
        }
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
        hog.mmapAnonymous(base, kernel.freeFrames() * page, PROT_READ | PROT_WRITE);
        hog.madvise(base, kernel.freeFrames() * page, Process.Advice.NOHUGEPAGE);
        long taken = 0;
        while (hog.store(base + taken * page, 1) == org.thplab.mm.Access.OK) {
            taken++; // until memory runs out
        }
        for (long i = 0; i < taken; i += 2) {
            hog.munmap(base + i * page, page);
        }
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
        }
        kernel.reclaim();
        kernel.check();
        assertEquals(0, kernel.meminfo().anonPages());
        assertEquals(free, kernel.freeFrames(), "every page and table back");
    }
}
