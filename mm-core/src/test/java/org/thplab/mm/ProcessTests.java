package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;


/** Anonymous memory through the PTE path, on every architecture, with the checker after each step. */
class ProcessTests {

    @OnEveryArchitecture
    void writesFaultInAnonymousPagesAndMunmapGivesThemBack(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 8 * k.page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            assertEquals(Access.OK, p.store(k.base + i * k.page, 10 + i));
        }
        k.kernel.check();
        assertEquals(new Smaps(8 * k.page, 4 * k.page, 4 * k.page, 0, 0), p.smaps(k.base, 8 * k.page));
        assertEquals(12, p.load(k.base + 2 * k.page).value());
        assertEquals(4 * k.page, k.kernel.meminfo().anonPages());
        p.munmap(k.base, 8 * k.page);
        k.kernel.check();
        // ppc64 keeps the rest of its PTE-fragment frame cached in the mm (mm->context.pte_frag) until exit.
        long cached = k.g.pteTablesPerPage() > 1 ? 1 : 0;
        assertEquals(k.free - cached, k.kernel.freeFrames(), "pages and the PTE table are free again");
        assertEquals(cached * k.page, k.kernel.meminfo().pageTables());
        p.exit();
        assertEquals(k.free, k.kernel.freeFrames(), "and the fragment frame at exit");
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void readsMapTheZeroPageAndAWriteCopiesIt(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        assertEquals(new Load(Access.OK, 0), p.load(k.base + k.page));
        assertEquals(0, p.smaps(k.base, 4 * k.page).rss(), "the zero page is not resident memory");
        k.kernel.check();
        assertEquals(Access.OK, p.store(k.base + k.page, 5));
        assertEquals(k.page, p.smaps(k.base, 4 * k.page).rss());
        assertEquals(5, p.load(k.base + k.page).value());
        assertEquals(0, p.load(k.base + 2 * k.page).value());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void forkSharesPagesUntilAWriteCopiesThem(TestKernel k) {
        Process parent = k.boot();
        parent.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            parent.store(k.base + i * k.page, 1);
        }
        Process child = parent.fork();
        k.kernel.check();
        assertEquals(4 * k.page, child.smaps(k.base, 4 * k.page).rss(), "the child maps the parent's pages");
        assertEquals(4 * k.page, k.kernel.meminfo().anonPages(), "shared, so counted once");
        assertEquals(Access.OK, child.store(k.base, 2));
        assertEquals(1, parent.load(k.base).value(), "the parent keeps its page");
        assertEquals(2, child.load(k.base).value());
        assertEquals(1, child.load(k.base + k.page).value());
        assertEquals(5 * k.page, k.kernel.meminfo().anonPages());
        k.kernel.check();
        assertEquals(Access.OK, parent.store(k.base, 3), "mapped once again: reused, not copied");
        child.exit();
        k.kernel.check();
        k.assertAllMemoryBack(null, parent);
    }

    @OnEveryArchitecture
    void mprotectChangesWhatFaults(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        p.store(k.base, 7);
        p.mprotect(k.base, 2 * k.page, PROT_READ);
        assertEquals(Access.SEGV, p.store(k.base, 8));
        assertEquals(7, p.load(k.base).value());
        assertEquals(Access.OK, p.store(k.base + 2 * k.page, 8), "the rest of the mapping stays writable");
        p.mprotect(k.base, 2 * k.page, PROT_NONE);
        assertEquals(Access.SEGV, p.load(k.base).access());
        k.kernel.check();
        p.mprotect(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base, 9));
        assertEquals(9, p.load(k.base).value());
        assertEquals(2 * k.page, p.smaps(k.base, 4 * k.page).rss(), "no page was copied");
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void accessesOutsideAnyMappingAreSegv(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.page, PROT_READ | PROT_WRITE);
        assertEquals(Access.SEGV, p.store(k.base + 2 * k.page, 1));
        assertEquals(Access.SEGV, p.load(k.base - 1).access());
        p.munmap(k.base, k.page);
        assertEquals(Access.SEGV, p.store(k.base, 1));
        assertEquals(Access.OK, p.store(k.base + k.page, 1));
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void runningOutOfMemoryIsReportedAndLeavesStateConsistent(TestKernel k) {
        Process p = k.boot(32L << 20);
        long pages = k.kernel.frames();
        p.mmapAnonymous(k.base, pages * k.page, PROT_READ | PROT_WRITE);
        Access last = Access.OK;
        long i = 0;
        while (last == Access.OK && i < pages) {
            last = p.store(k.base + i++ * k.page, 1);
        }
        assertEquals(Access.OOM, last, "more pages than memory");
        k.kernel.check();
        p.exit();
        assertEquals(k.kernel.frames() - 1, k.kernel.freeFrames(), "only the zero page stays allocated");
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void badRangesAreRejectedClearly(TestKernel k) {
        Process p = k.boot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.mmapAnonymous(k.base + 1, k.page,
                PROT_READ));
        assertTrue(e.getMessage().startsWith("mmap: [") && e.getMessage().contains("expected"), e.getMessage());
        p.mmapAnonymous(k.base, k.page, PROT_READ);
        assertThrows(IllegalArgumentException.class, () -> p.mmapAnonymous(k.base, k.page, PROT_READ), "overlap");
        IllegalStateException shm = assertThrows(IllegalStateException.class,
                () -> p.mmapSharedAnonymous(k.base + k.pmd, k.page, PROT_READ));
        assertEquals("shared anonymous memory is shmem: it needs the tmpfs filesystem plugin", shm.getMessage());
        p.exit();
        assertThrows(IllegalStateException.class, () -> p.store(k.base, 1), "exited");
        k.assertAllMemoryBack(null);
    }
}
