package org.thplab.api.fs;

import org.thplab.api.API;

/** The flags a fault handler is called with (FAULT_FLAG_* of include/linux/mm.h and the seed). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FaultFlags {
    /** FAULT_FLAG_WRITE: the access is a write. */
    public static final int WRITE = 0x01;
    /**
     * FAULT_FLAG_MAY_HUGE (the seed): the PMD slot is empty, so the handler may answer with a
     * whole team, locked, and {@link FaultReply#HUGE}.
     */
    public static final int MAY_HUGE = 0x1000;

    private FaultFlags() {
        // constants only
    }
}
