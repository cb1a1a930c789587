package org.thplab.mm.memory;

/** The outcome bits of a fault (VM_FAULT_*) and the flags it is called with (FAULT_FLAG_*). */
public final class Fault {
    /** FAULT_FLAG_WRITE. */
    public static final int FLAG_WRITE = 0x01;

    /** Handled; nothing to report. */
    public static final int DONE = 0;
    /** VM_FAULT_OOM. */
    public static final int OOM = 0x0001;
    /** VM_FAULT_SIGBUS. */
    public static final int SIGBUS = 0x0002;
    /** VM_FAULT_SIGSEGV. */
    public static final int SIGSEGV = 0x0040;
    /** VM_FAULT_FALLBACK: the huge path declined; the PTE path goes on. */
    public static final int FALLBACK = 0x0800;

    private Fault() {
        // constants only
    }
}
