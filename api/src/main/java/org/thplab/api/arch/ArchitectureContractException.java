package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * Generic code broke a rule of the architecture: a lock not held, a withdraw with
 * nothing deposited, a huge PMD cleared after its table was withdrawn on ppc64 hash.
 *
 * <p>In the kernel these are BUG()s or silent corruption; here they stop the
 * operation with a message that names the architecture, the kernel function, the
 * address and what was expected.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class ArchitectureContractException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String architecture;
    private final String function;
    private final long address;

    /**
     * @param architecture the architecture's name
     * @param function     the kernel function whose rule was broken
     * @param address      the virtual address of the slot concerned
     * @param problem      what was wrong and what was expected
     */
    public ArchitectureContractException(String architecture, String function, long address, String problem) {
        super(String.format("%s: %s at %#x: %s", architecture, function, address, problem));
        this.architecture = architecture;
        this.function = function;
        this.address = address;
    }

    /** The architecture that reported the violation. */
    public String architecture() {
        return architecture;
    }

    /** The kernel function whose rule was broken. */
    public String function() {
        return function;
    }

    /** The virtual address of the slot concerned. */
    public long address() {
        return address;
    }
}
