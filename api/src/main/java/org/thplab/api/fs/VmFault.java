package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * One fault as the handler sees it ({@code struct vm_fault}): where, why, and the slot for
 * the answer.
 *
 * <p>Valid only during the {@link VmOperations#fault} call it is passed to.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface VmFault {
    /** The file page faulted on. */
    long pgoff();

    /** The faulting virtual address. */
    long address();

    /** {@link FaultFlags} bits. */
    int flags();

    /** The mapping faulted in. */
    VmArea vma();

    /** The page the handler answers with (pfn), or -1 when none was set. */
    long page();

    /** Answers with {@code pfn}, which carries one reference for the caller. */
    void setPage(long pfn);
}
