package org.thplab.fs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Kernel;
import org.thplab.mm.Mount;

/**
 * What every conformance kit of a filesystem shares: a kernel booted on the test's machine with
 * the filesystem under test mounted, the geometry's sizes at hand, and a test that fails when
 * the plugin failed where the core called it (the fixture recounts everything after that).
 */
abstract class BootedKit {
    private static final long MEMORY = 256L << 20;

    TestMachine machine;
    Kernel kernel;
    long page;
    long pmd;
    /** Where the kits map: a PMD-aligned address clear of anything else. */
    long base;

    /** A fresh instance of the filesystem type under test. */
    protected abstract FilesystemType filesystemType();

    /** Options of the mounts the kit tests through. */
    protected abstract Map<String, String> mountOptions();

    /** Boots a kernel with the filesystem on {@code on} and mounts it with {@link #mountOptions()}. */
    Mount boot(TestMachine on) {
        machine = on;
        FilesystemType type = filesystemType();
        kernel = on.boot(MEMORY, List.of(type), null);
        Geometry g = kernel.architecture().geometry();
        page = g.pageSize();
        pmd = g.pmdSize();
        base = 8 * pmd;
        return kernel.mount(type.name(), mountOptions());
    }

    /** The fixture recounts everything after this. */
    @AfterEach
    void noPluginFailures() {
        if (kernel != null) {
            assertEquals(List.of(), kernel.takePluginFailures(), "the plugin failed where the core called it");
        }
    }
}
