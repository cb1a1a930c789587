package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;


/** Anonymous memory through the PTE path, on every architecture, with the checker after each step. */
class ProcessTests extends KernelTestBase {

    @OnEveryArchitecture
    void writesFaultInAnonymousPagesAndMunmapGivesThemBack(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 8 * page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            assertEquals(Access.OK, p.store(base + i * page, 10 + i));
        }
        kernel.check();
        assertEquals(new Smaps(8 * page, 4 * page, 4 * page, 0, 0), p.smaps(base, 8 * page));
        assertEquals(12, p.load(base + 2 * page).value());
        assertEquals(4 * page, kernel.meminfo().anonPages());
        p.munmap(base, 8 * page);
        kernel.check();
        // ppc64 keeps the rest of its PTE-fragment frame cached in the mm (mm->context.pte_frag) until exit.
        long cached = g.pteTablesPerPage() > 1 ? 1 : 0;
        assertEquals(free - cached, kernel.freeFrames(), "pages and the PTE table are free again");
        assertEquals(cached * page, kernel.meminfo().pageTables());
        p.exit();
        assertEquals(free, kernel.freeFrames(), "and the fragment frame at exit");
    }

    @OnEveryArchitecture
    void readsMapTheZeroPageAndAWriteCopiesIt(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        assertEquals(new Load(Access.OK, 0), p.load(base + page));
        assertEquals(0, p.smaps(base, 4 * page).rss(), "the zero page is not resident memory");
        kernel.check();
        assertEquals(Access.OK, p.store(base + page, 5));
        assertEquals(page, p.smaps(base, 4 * page).rss());
        assertEquals(5, p.load(base + page).value());
        assertEquals(0, p.load(base + 2 * page).value());
    }

    @OnEveryArchitecture
    void forkSharesPagesUntilAWriteCopiesThem(String arch) {
        Process parent = boot(arch);
        parent.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            parent.store(base + i * page, 1);
        }
        Process child = parent.fork();
        kernel.check();
        assertEquals(4 * page, child.smaps(base, 4 * page).rss(), "the child maps the parent's pages");
        assertEquals(4 * page, kernel.meminfo().anonPages(), "shared, so counted once");
        assertEquals(Access.OK, child.store(base, 2));
        assertEquals(1, parent.load(base).value(), "the parent keeps its page");
        assertEquals(2, child.load(base).value());
        assertEquals(1, child.load(base + page).value());
        assertEquals(5 * page, kernel.meminfo().anonPages());
        kernel.check();
        assertEquals(Access.OK, parent.store(base, 3), "mapped once again: reused, not copied");
        child.exit();
        kernel.check();
        assertAllMemoryBack(null, parent);
    }

    @OnEveryArchitecture
    void mprotectChangesWhatFaults(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        p.store(base, 7);
        p.mprotect(base, 2 * page, PROT_READ);
        assertEquals(Access.SEGV, p.store(base, 8));
        assertEquals(7, p.load(base).value());
        assertEquals(Access.OK, p.store(base + 2 * page, 8), "the rest of the mapping stays writable");
        p.mprotect(base, 2 * page, PROT_NONE);
        assertEquals(Access.SEGV, p.load(base).access());
        kernel.check();
        p.mprotect(base, 4 * page, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(base, 9));
        assertEquals(9, p.load(base).value());
        assertEquals(2 * page, p.smaps(base, 4 * page).rss(), "no page was copied");
    }

    @OnEveryArchitecture
    void accessesOutsideAnyMappingAreSegv(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 2 * page, PROT_READ | PROT_WRITE);
        assertEquals(Access.SEGV, p.store(base + 2 * page, 1));
        assertEquals(Access.SEGV, p.load(base - 1).access());
        p.munmap(base, page);
        assertEquals(Access.SEGV, p.store(base, 1));
        assertEquals(Access.OK, p.store(base + page, 1));
    }

    @OnEveryArchitecture
    void runningOutOfMemoryIsReportedAndLeavesStateConsistent(String arch) {
        Process p = boot(arch, 32L << 20);
        long pages = kernel.frames();
        p.mmapAnonymous(base, pages * page, PROT_READ | PROT_WRITE);
        Access last = Access.OK;
        long i = 0;
        while (last == Access.OK && i < pages) {
            last = p.store(base + i++ * page, 1);
        }
        assertEquals(Access.OOM, last, "more pages than memory");
        kernel.check();
        p.exit();
        assertEquals(kernel.frames() - 1, kernel.freeFrames(), "only the zero page stays allocated");
    }

    @OnEveryArchitecture
    void badRangesAreRejectedClearly(String arch) {
        Process p = boot(arch);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.mmapAnonymous(base + 1, page,
                PROT_READ));
        assertTrue(e.getMessage().startsWith("mmap: [") && e.getMessage().contains("expected"), e.getMessage());
        p.mmapAnonymous(base, page, PROT_READ);
        assertThrows(IllegalArgumentException.class, () -> p.mmapAnonymous(base, page, PROT_READ), "overlap");
        IllegalStateException shm = assertThrows(IllegalStateException.class,
                () -> p.mmapSharedAnonymous(base + pmd, page, PROT_READ));
        assertEquals("shared anonymous memory is shmem: it needs the tmpfs filesystem plugin", shm.getMessage());
        p.exit();
        assertThrows(IllegalStateException.class, () -> p.store(base, 1), "exited");
    }
}
