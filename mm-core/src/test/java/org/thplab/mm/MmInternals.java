package org.thplab.mm;

import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;

/**
 * Kernel paths that no public call reaches yet, for the tests that exercise them: the
 * mechanism of a huge anonymous fault (as the anonymous-memory plugin calls it) and
 * get_user_pages. Each takes the mmap lock as the kernel's callers do. Test-only: these
 * used to be package-private methods of {@link Process}.
 */
final class MmInternals {
    private MmInternals() {
    }

    /**
     * do_huge_pmd_anonymous_page()'s mechanism at {@code addr}: true if a huge PMD (a THP for
     * a write, the huge zero page for a read) now maps the extent.
     */
    static boolean faultHugeAnonymous(Process p, long addr, boolean write) {
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
            return vma == null ? -1 : p.kernel().gup().getUserPage(mm, vma, addr, write);
        } finally {
            mm.mmapLock().readLock().unlock();
        }
    }

    /** put_page() of a page {@link #getUserPage} returned. */
    static void putUserPage(Process p, long pfn) {
        p.kernel().machine().putPage(pfn);
    }
}
