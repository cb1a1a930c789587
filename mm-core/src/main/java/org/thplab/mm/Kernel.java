package org.thplab.mm;

import java.util.Objects;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;

/**
 * A simulated machine: one architecture and a physical memory size. Processes, system
 * calls, statistics and the invariant checker hang off it as mm-core grows.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Kernel {

    /** The default simulated physical memory, as the workload contract's {@code memory} command. */
    public static final long DEFAULT_MEMORY = 16L << 30;

    private final Architecture arch;
    private final long memoryBytes;

    private Kernel(Architecture arch, long memoryBytes) {
        this.arch = arch;
        this.memoryBytes = memoryBytes;
    }

    /**
     * Boots a machine of {@code memoryBytes} of physical memory on {@code arch}.
     *
     * @throws IllegalArgumentException if the size is not a positive multiple of the
     *         architecture's huge page size, or more than its physical addresses reach
     */
    public static Kernel boot(Architecture arch, long memoryBytes) {
        Objects.requireNonNull(arch, "arch");
        Geometry g = arch.geometry();
        if (memoryBytes <= 0 || memoryBytes % g.pmdSize() != 0) {
            throw new IllegalArgumentException(String.format(
                    "memory size %d: expected a positive multiple of the %s huge page size (%d bytes)",
                    memoryBytes, arch.name(), g.pmdSize()));
        }
        long frames = memoryBytes >>> g.pageShift();
        if (frames - 1 > g.maxPfn()) {
            throw new IllegalArgumentException(String.format(
                    "memory size %d: expected at most %d bytes, what %d-bit physical addresses of %s reach",
                    memoryBytes, (g.maxPfn() + 1) << g.pageShift(), g.physicalAddressBits(), arch.name()));
        }
        return new Kernel(arch, memoryBytes);
    }

    /** The architecture this machine runs. */
    public Architecture architecture() {
        return arch;
    }

    /** The physical memory size in bytes. */
    public long memoryBytes() {
        return memoryBytes;
    }

    /** The number of base-page frames of physical memory. */
    public long frames() {
        return memoryBytes >>> arch.geometry().pageShift();
    }
}
