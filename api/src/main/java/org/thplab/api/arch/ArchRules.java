package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * The checks generic code and architectures share: the kernel's lock asserts and
 * VM_BUG_ONs, raised as {@link ArchitectureContractException}s with precise messages.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class ArchRules {

    private ArchRules() {
        // static helpers only
    }

    /** A violation of {@code arch}'s rules by {@code function} at {@code addr}. */
    public static ArchitectureContractException violation(Architecture arch, String function, long addr, String problem) {
        return new ArchitectureContractException(arch.name(), function, addr, problem);
    }

    /** assert_spin_locked(pmd_lockptr(mm, pmd)). */
    public static void requirePmdLock(Architecture arch, String function, Mm mm, long addr, PmdTable pmd) {
        if (!arch.pmdLockptr(mm, pmd).isHeldByCurrentThread()) {
            throw violation(arch, function, addr, "the PMD lock (pmd_lockptr) is not held by this thread");
        }
    }

    /** VM_BUG_ON(haddr &amp; ~HPAGE_PMD_MASK). */
    public static void requireAligned(Architecture arch, String function, long haddr) {
        if ((haddr & ~arch.geometry().pmdMask()) != 0) {
            throw violation(arch, function, haddr, String.format(
                    "address not aligned to the PMD size %#x", arch.geometry().pmdSize()));
        }
    }

    /** VM_BUG_ON(!pmd_trans_huge(*pmdp)). */
    public static void requireHuge(Architecture arch, String function, long addr, PmdTable pmd) {
        long value = pmd.get(arch.geometry().pmdIndex(addr));
        if (!arch.pmd().transHuge(value)) {
            throw violation(arch, function, addr, String.format("the slot holds %#x; expected a huge PMD", value));
        }
    }
}
