package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;


/** mremap (aligned moves keep huge PMDs, misaligned ones split), madvise, and get_user_pages. */
class MremapAndMadviseTests extends KernelTestBase {

    @OnEveryArchitecture
    void anonymousPagesMoveWithTheirContent(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            p.store(base + i * page, 20 + i);
        }
        long to = base + 4 * pmd + 3 * page;
        p.mremap(base, 4 * page, to, 6 * page);
        kernel.check();
        assertEquals(Access.SEGV, p.load(base).access(), "the old range is gone");
        for (int i = 0; i < 4; i++) {
            assertEquals(20 + i, p.load(to + i * page).value());
        }
        assertEquals(0, p.load(to + 5 * page).value(), "the grown part is fresh memory");
        assertEquals(new Smaps(6 * page, 4 * page, 4 * page, 0, 0), p.smaps(to, 6 * page));
        p.mremap(to, 6 * page, base, 2 * page);
        assertEquals(21, p.load(base + page).value());
        assertEquals(2 * page, p.smaps(base, 2 * page).rss(), "shrinking unmapped the tail");
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void anAlignedMoveKeepsTheTeamPmdAndAMisalignedOneSplitsIt(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base, 8);
        p.mremap(base, pmd, base + 4 * pmd, pmd);
        assertEquals(pmd, p.smaps(base + 4 * pmd, pmd).shmemPmdMapped(), "move_huge_pmd");
        assertEquals(8, p.load(base + 4 * pmd).value());
        kernel.check();
        p.mremap(base + 4 * pmd, pmd, base + 8 * pmd + page, pmd);
        assertEquals(0, p.smaps(base + 8 * pmd, 2 * pmd).shmemPmdMapped(), "misaligned: remapped by PTEs");
        assertEquals(pmd, p.smaps(base + 8 * pmd, 2 * pmd).rss());
        assertEquals(8, p.load(base + 8 * pmd + page).value());
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mremapAcrossMappingsIsRefused(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        p.mprotect(base, page, PROT_READ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.mremap(base, 4 * page, base + 4 * pmd, 4 * page));
        assertTrue(e.getMessage().contains("EFAULT"), e.getMessage());
    }

    @OnEveryArchitecture
    void dontneedDropsPagesButKeepsTheMapping(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        p.store(base, 5);
        p.madvise(base, 4 * page, Advice.DONTNEED);
        assertEquals(0, p.smaps(base, 4 * page).rss());
        assertEquals(new Load(Access.OK, 0), p.load(base), "anonymous memory reads zero again");
        p.mmapFile(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base + 4 * pmd, 6);
        p.madvise(base + 4 * pmd, page, Advice.DONTNEED);
        assertEquals(pmd - page, p.smaps(base + 4 * pmd, pmd).rss(), "a partial zap remaps the team first");
        assertEquals(6, p.load(base + 4 * pmd).value(), "file data survives");
        p.madvise(base, page, Advice.HUGEPAGE);
        kernel.check();
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void getUserPagesFollowsTeamPmdsAndBreaksCopyOnWrite(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.load(base);
        long head = fs.file.cache().find(0);
        long sub = MmInternals.getUserPage(p, base + 5 * page, false);
        assertEquals(head + 5, sub, "follow_trans_huge_pmd: head plus offset");
        assertEquals(2, kernel.machine().map.refcount(sub), "the cache's reference and GUP's own");
        MmInternals.putUserPage(p, sub);
        p.mmapAnonymous(base + 4 * pmd, page, PROT_READ | PROT_WRITE);
        p.store(base + 4 * pmd, 1);
        Process child = p.fork();
        long gup = MmInternals.getUserPage(child, base + 4 * pmd, true);
        assertTrue(gup >= 0);
        assertEquals(1, p.load(base + 4 * pmd).value());
        MmInternals.putUserPage(child, gup);
        kernel.check();
        child.exit();
        assertAllMemoryBack(fs, p);
    }
}
