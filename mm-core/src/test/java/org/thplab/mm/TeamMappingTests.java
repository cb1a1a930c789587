package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import org.thplab.api.arch.ArchEvent;

/** The seed's team paths driven through faults and system calls, on every architecture. */
class TeamMappingTests {

    @OnEveryArchitecture
    void aSharedFaultMapsTheWholeTeamByOnePmd(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, 2 * k.pmd);
        p.mmapFile(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        assertEquals(Access.OK, p.store(k.base + 3 * k.page, 9));
        k.kernel.check();
        assertEquals(new Smaps(2 * k.pmd, k.pmd, 0, 0, k.pmd), p.smaps(k.base, 2 * k.pmd));
        assertEquals(k.pmd, k.kernel.meminfo().shmemPmdMapped());
        assertEquals(9, p.load(k.base + 3 * k.page).value());
        assertEquals(Access.OK, p.store(k.base + k.pmd - k.page, 4), "the same PMD serves the whole extent");
        assertEquals(k.pmd, p.smaps(k.base, 2 * k.pmd).rss());
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void aMisalignedMappingFaultsSmallPages(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, 2 * k.pmd);
        p.mmapFile(k.base + k.page, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base + k.page, 1);
        assertEquals(new Smaps(k.pmd, k.page, 0, 0, 0), p.smaps(k.base, 2 * k.pmd));
        assertEquals(0, k.kernel.meminfo().shmemPmdMapped());
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void twoProcessesMapOneTeamAndShareItsPages(TestKernel k) {
        Process a = k.boot();
        Process b = k.kernel.spawn();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        a.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        b.mmapFile(k.base + 4 * k.pmd, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        a.store(k.base, 5);
        assertEquals(5, b.load(k.base + 4 * k.pmd).value(), "the same page cache page");
        k.kernel.check();
        assertEquals(k.pmd, k.kernel.meminfo().shmemPmdMapped(), "one team, counted once");
        a.munmap(k.base, k.pmd);
        assertEquals(k.pmd, k.kernel.meminfo().shmemPmdMapped(), "still mapped by b");
        b.munmap(k.base + 4 * k.pmd, k.pmd);
        assertEquals(0, k.kernel.meminfo().shmemPmdMapped());
        k.assertAllMemoryBack(fs, a, b);
    }

    @OnEveryArchitecture
    void partialMunmapRemapsByPtesAndKeepsTheRest(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base, 1);
        p.munmap(k.base + k.pmd / 2, k.page);
        k.kernel.check();
        Smaps s = p.smaps(k.base, k.pmd);
        assertEquals(k.pmd - k.page, s.rss(), "remap_team_by_ptes: only the unmapped page leaves Rss");
        assertEquals(0, s.shmemPmdMapped());
        assertEquals(0, k.kernel.meminfo().shmemPmdMapped());
        assertEquals(1, p.load(k.base).value());
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mprotectOfTheWholeExtentKeepsThePmdAndOfPartRemaps(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, 2 * k.pmd);
        p.mmapFile(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base, 1);
        p.store(k.base + k.pmd, 1);
        p.mprotect(k.base, k.pmd, PROT_READ);
        assertEquals(2 * k.pmd, p.smaps(k.base, 2 * k.pmd).shmemPmdMapped(), "change_huge_pmd in place");
        assertEquals(Access.SEGV, p.store(k.base, 2));
        p.mprotect(k.base, k.pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base, 2), "a shared team PMD may become writable again");
        p.mprotect(k.base + k.pmd, k.page, PROT_READ);
        assertEquals(k.pmd, p.smaps(k.base, 2 * k.pmd).shmemPmdMapped(), "a partial mprotect remaps the extent");
        assertEquals(2 * k.pmd, p.smaps(k.base, 2 * k.pmd).rss());
        k.kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void aPrivateWriteThroughATeamPmdRemapsAndCopiesOnePage(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        assertEquals(0, p.load(k.base).value(), "a private read fault may map huge");
        assertEquals(k.pmd, p.smaps(k.base, k.pmd).shmemPmdMapped());
        assertEquals(Access.OK, p.store(k.base + k.page, 7));
        k.kernel.check();
        Smaps s = p.smaps(k.base, k.pmd);
        assertEquals(0, s.shmemPmdMapped(), "wp_huge_pmd remapped the team by PTEs");
        assertEquals(k.page, s.anonymous(), "and the write copied one page");
        assertEquals(k.pmd, s.rss());
        Process other = k.kernel.spawn();
        other.mmapFile(k.base, k.pmd, PROT_READ, true, fs.file, 0);
        assertEquals(0, other.load(k.base + k.page).value(), "the file page is untouched");
        k.assertAllMemoryBack(fs, p, other);
    }

    @OnEveryArchitecture
    void forkCopiesTheTeamPmdOfAPrivateMappingWithAnonPages(TestKernel k) {
        Process parent = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, 2 * k.pmd);
        parent.mmapFile(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        parent.store(k.base + k.pmd, 3); // a private COW page gives the VMA an anon_vma
        parent.load(k.base);           // the first extent is mapped by a team PMD
        Process child = parent.fork();
        k.kernel.check();
        assertEquals(k.pmd, child.smaps(k.base, 2 * k.pmd).shmemPmdMapped(), "copy_huge_pmd duplicated the team PMD");
        assertEquals(3, child.load(k.base + k.pmd).value());
        assertEquals(k.pmd, k.kernel.meminfo().shmemPmdMapped(), "the team counts once");
        child.exit();
        k.kernel.check();
        k.assertAllMemoryBack(fs, parent);
    }

    @OnEveryArchitecture
    void forkDoesNotCopySharedFileMappings(TestKernel k) {
        Process parent = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        parent.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        parent.store(k.base, 6);
        Process child = parent.fork();
        assertEquals(0, child.smaps(k.base, k.pmd).rss(), "the child refaults");
        assertEquals(6, child.load(k.base).value());
        assertEquals(k.pmd, child.smaps(k.base, k.pmd).shmemPmdMapped());
        k.assertAllMemoryBack(fs, parent, child);
    }

    @OnEveryArchitecture
    void beyondTheEndOfTheFileIsSigbus(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.page);
        fs.huge = false;
        p.mmapFile(k.base, 2 * k.page, PROT_READ | PROT_WRITE, true, fs.file, 0);
        assertEquals(Access.OK, p.store(k.base, 1));
        assertEquals(Access.SIGBUS, p.store(k.base + k.page, 1));
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void hugePathsReportTheirArchitectureHooks(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(k.base, 1);
        assertEquals(1, p.mm().archEvents(ArchEvent.UPDATE_MMU_CACHE_PMD), "map_team_by_pmd calls update_mmu_cache_pmd");
        p.mprotect(k.base + k.page, k.page, PROT_READ);
        assertEquals(1, p.mm().mmuNotifierInvalidations(), "remap_team_by_ptes tells secondary MMUs");
        p.munmap(k.base, k.pmd);
        assertTrue(p.mm().archEvents(ArchEvent.FLUSH_PMD_TLB_RANGE) >= 1, "clear_flush flushes the huge TLB entry");
        assertEquals(1 + 3, p.mm().mmuNotifierInvalidations(), "and each zap: mprotect cut the mapping in three");
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void unmapMappingRangeRemapsAndZapsInEveryProcessButKeepsPrivateCopies(TestKernel k) {
        Process shared = k.boot();
        Process priv = k.kernel.spawn();
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        shared.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        priv.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        shared.store(k.base + 2 * k.page, 4);
        priv.store(k.base + 2 * k.page, 9);                     // a private copy of page 2
        priv.load(k.base + 3 * k.page);                         // page 3 mapped from the file
        fs.file.unmapMappingRange(2, 2, false); // a hole punch of pages 2 and 3
        k.kernel.check();
        assertEquals(k.pmd - 2 * k.page, shared.smaps(k.base, k.pmd).rss(), "the shared PMD was remapped, two pages zapped");
        assertEquals(0, k.kernel.meminfo().shmemPmdMapped());
        assertEquals(k.page, priv.smaps(k.base, k.pmd).anonymous(), "the private copy survives a punch");
        assertEquals(9, priv.load(k.base + 2 * k.page).value());
        fs.file.unmapMappingRange(0, Long.MAX_VALUE / 2, true); // truncate to 0: even copies go
        k.kernel.check();
        assertEquals(0, priv.smaps(k.base, k.pmd).rss());
        assertEquals(0, shared.smaps(k.base, k.pmd).rss());
        k.assertAllMemoryBack(fs, shared, priv);
    }
}
