package org.thplab.api.fs;

import org.thplab.api.API;

/**
 * The bits a fault handler answers with (VM_FAULT_* of include/linux/mm.h and the seed).
 * A fallback is a normal outcome, not an exception.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FaultReply {
    /** The page was found: {@link VmFault#page()} holds it, with a reference for the caller. */
    public static final int OK = 0;
    /** VM_FAULT_OOM: no memory for the page. */
    public static final int OOM = 0x0001;
    /** VM_FAULT_SIGBUS: the offset is beyond the end of the file. */
    public static final int SIGBUS = 0x0002;
    /** VM_FAULT_SIGSEGV. */
    public static final int SIGSEGV = 0x0040;
    /** VM_FAULT_NOPAGE: the handler installed the mapping itself; nothing to map. */
    public static final int NOPAGE = 0x0100;
    /** VM_FAULT_LOCKED: the page comes back locked. */
    public static final int LOCKED = 0x0200;
    /** VM_FAULT_FALLBACK: a huge attempt failed; take the small-page path. */
    public static final int FALLBACK = 0x0800;
    /**
     * VM_FAULT_HUGE (the seed): the page is the locked head of a complete team, to be mapped
     * by one huge PMD (map_team_by_pmd).
     */
    public static final int HUGE = 0x4000;
    /** VM_FAULT_ERROR: the bits that end a fault without a page. */
    public static final int ERROR = OOM | SIGBUS | SIGSEGV;

    private FaultReply() {
        // constants only
    }
}
