package org.thplab.fs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.ServiceLoader;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * One architecture's machine for one test, handed out by {@link OnEveryArchitecture}: the
 * test boots it with the memory, filesystems and anonymous-memory policy it needs, and the
 * fixture checks it after the test (a clean {@link Kernel#check()}; every frame back once the
 * test has called {@link #assertAllMemoryBack}).
 */
public final class TestMachine {
    private final String arch;
    private final List<TestMachine> booted;
    private Kernel kernel;
    private long free;
    private boolean released;

    TestMachine(String arch, List<TestMachine> booted) {
        this.arch = arch;
        this.booted = booted;
    }

    /** The architecture's name: x86_64, ppc64 or ppc64-radix. */
    public String arch() {
        return arch;
    }

    /** The architecture, from the implementations on the module path. */
    public Architecture architecture() {
        return Architectures.select(ServiceLoader.load(Architecture.class), arch);
    }

    /**
     * Boots the machine: {@code memory} bytes, these filesystems, and {@code anonymous} as
     * the anonymous-memory policy (null: none, no anonymous THP). A second boot replaces the
     * first machine; the fixture checks the last one.
     */
    public Kernel boot(long memory, List<FilesystemType> filesystems, AnonymousMemoryType anonymous) {
        kernel = Kernel.boot(architecture(), memory, filesystems, anonymous);
        free = kernel.freeFrames();
        released = false;
        if (!booted.contains(this)) {
            booted.add(this);
        }
        return kernel;
    }

    /** The booted kernel. */
    public Kernel kernel() {
        return kernel;
    }

    /** Free frames right after boot: what must come back. */
    public long freeAtBoot() {
        return free;
    }

    /** Exits {@code procs} and truncates {@code files} to nothing: what a test holds, released. */
    public void release(List<FileHandle> files, Process... procs) {
        for (Process p : procs) {
            p.exit();
        }
        for (FileHandle f : files) {
            f.truncate(0);
        }
    }

    /**
     * Expects every frame back now (the test has released what it held) and again after the
     * test, each time after a clean invariant check.
     */
    public void assertAllMemoryBack() {
        released = true;
        assertClean();
    }

    void assertClean() {
        kernel.check();
        if (released) {
            assertEquals(free, kernel.freeFrames(), "every page, hole and page table back");
        }
    }

    @Override
    public String toString() {
        return arch;
    }
}
