package org.thplab.fs.shmem.linux6;

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
 * A kernel with Linux 6.18's tmpfs on one architecture, booted from the kit's
 * {@link TestMachine} (the fixture runs the invariant checker after every test); the tests
 * call {@link #step} to recount after each of their steps too.
 */
abstract class Shmem6TestBase {
    Kernel kernel;
    long page;
    long pmd;
    int nr;
    long base;
    private TestMachine machine;

    /** Boots {@code on} with this tmpfs and mounts it with {@code options}. */
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

    /** A file of {@code size} bytes on {@code m}, mapped shared and writable at {@code addr} by {@code p}. */
    FileHandle sharedFile(Mount m, Process p, long addr, long size) {
        FileHandle f = m.create("f" + addr);
        f.truncate(size);
        p.mmapFile(addr, size, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        return f;
    }

    /** The invariant checker after a step. */
    void step() {
        kernel.check();
    }

    Meminfo meminfo() {
        return kernel.meminfo();
    }

    long event(String name) {
        return kernel.vmstat().get(name);
    }

    /** Rss of {@code p} over {@code [addr, addr + len)}, in bytes. */
    long rss(Process p, long addr, long len) {
        return p.smaps(addr, len).rss();
    }

    /** Exits the processes, truncates the files to nothing, and expects every frame back. */
    void assertAllMemoryBack(List<FileHandle> files, Process... procs) {
        machine.release(files, procs);
        kernel.check();
        assertEquals(0, meminfo().shmem());
        assertEquals(0, meminfo().shmemHugePages());
        kernel.reclaim();
        machine.assertAllMemoryBack();
    }
}
