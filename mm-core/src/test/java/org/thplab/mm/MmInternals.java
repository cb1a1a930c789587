package org.thplab.mm;

import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.GetUserPages;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;

/**
 * Kernel paths that no public call reaches yet, for the tests that exercise them: the
 * mechanism of a huge anonymous fault (as the anonymous-memory plugin calls it) and
 * get_user_pages. Each takes the mmap lock as the kernel's callers do. Test-only: these
 * used to be package-private methods of {@link Process}. It also lends the tests of the
 * packages below the facade (huge, ...) the facade's parts they drive.
 */
@SuppressWarnings("exports") // test-tree only: the packages below the facade are not exported
public final class MmInternals {
    private MmInternals() {
    }

    /**
     * do_huge_pmd_anonymous_page()'s mechanism at {@code addr}: true if a huge PMD (a THP for
     * a write, the huge zero page for a read) now maps the extent.
     */
    public static boolean faultHugeAnonymous(Process p, long addr, boolean write) {
        Kernel kernel = p.kernel();
        MmStruct mm = p.mm();
        mm.mmapLock().readLock().lock();
        try {
            Vma vma = mm.vmas().find(addr);
            return vma != null && kernel.huge().faults().hugeAnonymousFault(mm, vma, addr, write, kernel.memory());
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /** get_user_pages() of one page: its frame with a reference held, or -1. */
    static long getUserPage(Process p, long addr, boolean write) {
        MmStruct mm = p.mm();
        mm.mmapLock().readLock().lock();
        try {
            Vma vma = mm.vmas().find(addr);
            return vma == null ? -1 : new GetUserPages(p.kernel().memory()).getUserPage(mm, vma, addr, write);
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /** put_page() of a page {@link #getUserPage} returned. */
    static void putUserPage(Process p, long pfn) {
        p.kernel().machine().putPage(pfn);
    }

    /** The huge_memory.c side of {@code kernel}, for the tests of {@code org.thplab.mm.huge}. */
    public static HugeMemory huge(Kernel kernel) {
        return kernel.huge();
    }

    /** What {@code kernel}'s machine shares (page state, buddy allocator, counters). */
    public static Machine machine(Kernel kernel) {
        return kernel.machine();
    }

    /** {@code p}'s address space. */
    public static MmStruct mm(Process p) {
        return p.mm();
    }
}
