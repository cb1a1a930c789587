package org.thplab.mm.mmtypes;

import org.thplab.api.arch.VmFlags;

/** The vm_flags bits of a VMA beyond the protection bits of {@link VmFlags}. */
public final class VmFlag {
    /** VM_READ. */
    public static final int READ = VmFlags.VM_READ;
    /** VM_WRITE. */
    public static final int WRITE = VmFlags.VM_WRITE;
    /** VM_EXEC. */
    public static final int EXEC = VmFlags.VM_EXEC;
    /** VM_SHARED. */
    public static final int SHARED = VmFlags.VM_SHARED;
    /** VM_MAYWRITE: mprotect may add write (the file was opened for writing, or the mapping is private). */
    public static final int MAYWRITE = 0x20;
    /** VM_HUGEPAGE: MADV_HUGEPAGE. */
    public static final int HUGEPAGE = 0x2000_0000;
    /** VM_NOHUGEPAGE: MADV_NOHUGEPAGE. */
    public static final int NOHUGEPAGE = 0x4000_0000;

    private VmFlag() {
        // constants only
    }
}
