package org.thplab.mm;

import org.thplab.api.API;

/** How one memory access by a process ended. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Access {
    /** The access was made. */
    OK,
    /** SIGSEGV: no mapping, or no permission. */
    SEGV,
    /** SIGBUS: a file page beyond the end of the file. */
    SIGBUS,
    /** The fault could not allocate memory (the kernel would invoke the OOM killer). */
    OOM
}
