package org.thplab.arch.tck;

import org.thplab.api.API;
import org.thplab.api.arch.Architecture;

/**
 * The conformance kit every {@link Architecture} must pass: extend it in a JUnit 5 test
 * and return the architecture under test from {@link #architecture()}.
 *
 * <p>It is every contract of this package at once, which together check what generic
 * memory-management code relies on, whatever the bit layout: the geometry
 * ({@link GeometryContract}), the PTE and PMD codecs ({@link PteCodecContract},
 * {@link PmdCodecContract}), the protection map ({@link ProtectionMapContract}), the lock
 * rules ({@link LockContract}), deposit and withdraw ({@link DepositWithdrawContract}), the
 * orders in which generic code clears, withdraws, splits and moves huge PMDs
 * ({@link HugePmdOrderContract}), in-place changes of a huge PMD
 * ({@link HugePmdUpdateContract}), the MMU and TLB hooks ({@link MmuHooksContract}), and
 * the plugin's provider declarations ({@link ServiceDeclarationContract}). A test may
 * implement any of the contracts on its own instead.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public abstract class ArchitectureConformanceKit implements GeometryContract, PteCodecContract, PmdCodecContract,
        ProtectionMapContract, LockContract, DepositWithdrawContract, HugePmdOrderContract, HugePmdUpdateContract,
        MmuHooksContract, ServiceDeclarationContract {

    /** For subclasses: JUnit instantiates the architecture's test class. */
    protected ArchitectureConformanceKit() {
    }

    /** The architecture under test; may return a new instance on each call. */
    protected abstract Architecture architecture();

    /** The contracts' name for {@link #architecture()}, which the kit's subclasses keep overriding. */
    @Override
    public final Architecture architectureUnderTest() {
        return architecture();
    }
}
