package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;


/** mremap (aligned moves keep huge PMDs, misaligned ones split), madvise, and get_user_pages. */
class MremapAndMadviseTests {

    @OnEveryArchitecture
    void anonymousPagesMoveWithTheirContent(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        for (int i = 0; i < 4; i++) {
            p.store(k.base + i * k.page, 20 + i);
        }
        long to = k.base + 4 * k.pmd + 3 * k.page;
        p.mremap(k.base, 4 * k.page, to, 6 * k.page);
        k.kernel.check();
        assertEquals(Access.SEGV, p.load(k.base).access(), "the old range is gone");
        for (int i = 0; i < 4; i++) {
            assertEquals(20 + i, p.load(to + i * k.page).value());
        }
        assertEquals(0, p.load(to + 5 * k.page).value(), "the grown part is fresh memory");
        assertEquals(new Smaps(6 * k.page, 4 * k.page, 4 * k.page, 0, 0), p.smaps(to, 6 * k.page));
        p.mremap(to, 6 * k.page, k.base, 2 * k.page);
        assertEquals(21, p.load(k.base + k.page).value());
        assertEquals(2 * k.page, p.smaps(k.base, 2 * k.page).rss(), "shrinking unmapped the tail");
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void anAlignedMoveKeepsTheTeamPmdAndAMisalignedOneSplitsIt(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base, 8);
        p.mremap(k.base, k.pmd, k.base + 4 * k.pmd, k.pmd);
        assertEquals(k.pmd, p.smaps(k.base + 4 * k.pmd, k.pmd).shmemPmdMapped(), "move_huge_pmd");
        assertEquals(8, p.load(k.base + 4 * k.pmd).value());
        k.kernel.check();
        p.mremap(k.base + 4 * k.pmd, k.pmd, k.base + 8 * k.pmd + k.page, k.pmd);
        assertEquals(0, p.smaps(k.base + 8 * k.pmd, 2 * k.pmd).shmemPmdMapped(), "misaligned: remapped by PTEs");
        assertEquals(k.pmd, p.smaps(k.base + 8 * k.pmd, 2 * k.pmd).rss());
        assertEquals(8, p.load(k.base + 8 * k.pmd + k.page).value());
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mremapAcrossMappingsIsRefused(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        p.mprotect(k.base, k.page, PROT_READ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.mremap(k.base, 4 * k.page, k.base + 4 * k.pmd, 4 * k.page));
        assertTrue(e.getMessage().contains("EFAULT"), e.getMessage());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void dontneedDropsPagesButKeepsTheMapping(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        p.store(k.base, 5);
        p.madvise(k.base, 4 * k.page, Advice.DONTNEED);
        assertEquals(0, p.smaps(k.base, 4 * k.page).rss());
        assertEquals(new Load(Access.OK, 0), p.load(k.base), "anonymous memory reads zero again");
        p.mmapFile(k.base + 4 * k.pmd, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base + 4 * k.pmd, 6);
        p.madvise(k.base + 4 * k.pmd, k.page, Advice.DONTNEED);
        assertEquals(k.pmd - k.page, p.smaps(k.base + 4 * k.pmd, k.pmd).rss(), "a partial zap remaps the team first");
        assertEquals(6, p.load(k.base + 4 * k.pmd).value(), "file data survives");
        p.madvise(k.base, k.page, Advice.HUGEPAGE);
        k.kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void getUserPagesFollowsTeamPmdsAndBreaksCopyOnWrite(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.load(k.base);
        long head = fs.file.cache().find(0);
        long sub = MmInternals.getUserPage(p, k.base + 5 * k.page, false);
        assertEquals(head + 5, sub, "follow_trans_huge_pmd: head plus offset");
        assertEquals(2, k.kernel.machine().map.refcount(sub), "the cache's reference and GUP's own");
        MmInternals.putUserPage(p, sub);
        p.mmapAnonymous(k.base + 4 * k.pmd, k.page, PROT_READ | PROT_WRITE);
        p.store(k.base + 4 * k.pmd, 1);
        Process child = p.fork();
        long gup = MmInternals.getUserPage(child, k.base + 4 * k.pmd, true);
        assertTrue(gup >= 0);
        assertEquals(1, p.load(k.base + 4 * k.pmd).value());
        MmInternals.putUserPage(child, gup);
        k.kernel.check();
        child.exit();
        k.assertAllMemoryBack(fs, p);
    }
}
