package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * The vm_flags bits an architecture reads to choose a page protection
 * ({@link Architecture#vmGetPageProt(int)}); the values are the kernel's.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class VmFlags {
    /** VM_READ. */
    public static final int VM_READ = 0x1;
    /** VM_WRITE. */
    public static final int VM_WRITE = 0x2;
    /** VM_EXEC. */
    public static final int VM_EXEC = 0x4;
    /** VM_SHARED. */
    public static final int VM_SHARED = 0x8;
    /** The four bits that index protection_map[]. */
    public static final int PROT_MASK = VM_READ | VM_WRITE | VM_EXEC | VM_SHARED;

    private VmFlags() {
        // constants only
    }
}
