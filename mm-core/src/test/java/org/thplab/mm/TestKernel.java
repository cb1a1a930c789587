package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FilesystemType;

/**
 * One architecture's machine for one test, handed to the test by {@link KernelFixture}: the
 * test boots it (with the memory, filesystems and THP policy it needs), and the fixture checks
 * it after the test: a clean {@link Kernel#check()} and every frame back, once the test has
 * released what it held through {@link #assertAllMemoryBack}.
 */
public final class TestKernel {
    /** The architecture's name, as the launcher knows it. */
    public final String arch;
    private final List<TestKernel> booted;
    public Kernel kernel;
    /** The anonymous THP policy: no fault goes huge by itself until a test says so. */
    StandInThp thp;
    public Geometry g;
    public long page;
    public long pmd;
    /** A PMD-aligned address clear of everything a test maps below it. */
    public long base;
    /** Free frames right after boot: what must come back. */
    public long free;
    /** Set once the test has exited its processes and dropped its files. */
    private boolean released;

    TestKernel(String arch, List<TestKernel> booted) {
        this.arch = arch;
        this.booted = booted;
    }

    /** The real architecture this machine runs. */
    public Architecture architecture() {
        return Architectures4Test.named(arch);
    }

    /** Boots with 256 MiB and spawns the first process. */
    public Process boot() {
        return boot(256L << 20);
    }

    /** Boots with {@code memory} bytes, the stand-in THP policy, and spawns the first process. */
    public Process boot(long memory) {
        thp = new StandInThp();
        return bootKernel(architecture(), memory, List.of(), thp).spawn();
    }

    /** Boots with {@code memory} bytes, these filesystems and this anonymous-memory policy. */
    public Kernel bootKernel(long memory, List<FilesystemType> filesystems, AnonymousMemoryType anon) {
        return bootKernel(architecture(), memory, filesystems, anon);
    }

    /** Boots {@code on} (the real architecture, or a spy of it) and has the fixture check it. */
    public Kernel bootKernel(Architecture on, long memory, List<FilesystemType> filesystems, AnonymousMemoryType anon) {
        kernel = anon == null ? Kernel.boot(on, memory, filesystems) : Kernel.boot(on, memory, filesystems, anon);
        g = kernel.architecture().geometry();
        page = g.pageSize();
        pmd = g.pmdSize();
        base = 8 * pmd;
        free = kernel.freeFrames();
        released = false;
        booted.add(this);
        return kernel;
    }

    /** Exits {@code procs}, evicts the file, and expects every frame back (now and after the test). */
    public void assertAllMemoryBack(TeamTestFs fs, Process... procs) {
        for (Process p : procs) {
            p.exit();
        }
        if (fs != null) {
            fs.evict();
        }
        released = true;
        assertClean();
    }

    /**
     * What the fixture asserts after the test: a clean recount and every frame back. A test
     * must end by releasing what it held, through {@link #assertAllMemoryBack}.
     */
    void assertClean() {
        kernel.check();
        assertTrue(released, "the test on " + arch + " never released its processes and files"
                + " (end it with assertAllMemoryBack)");
        assertEquals(free, kernel.freeFrames(), "every page and table back after exit and eviction");
    }

    @Override
    public String toString() {
        return arch;
    }
}
