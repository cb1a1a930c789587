package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import org.thplab.api.arch.ArchEvent;

/** The seed's team paths driven through faults and system calls, on every architecture. */
class TeamMappingTests extends KernelTestBase {

    @OnEveryArchitecture
    void aSharedFaultMapsTheWholeTeamByOnePmd(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        assertEquals(Access.OK, p.store(base + 3 * page, 9));
        kernel.check();
        assertEquals(new Smaps(2 * pmd, pmd, 0, 0, pmd), p.smaps(base, 2 * pmd));
        assertEquals(pmd, kernel.meminfo().shmemPmdMapped());
        assertEquals(9, p.load(base + 3 * page).value());
        assertEquals(Access.OK, p.store(base + pmd - page, 4), "the same PMD serves the whole extent");
        assertEquals(pmd, p.smaps(base, 2 * pmd).rss());
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void aMisalignedMappingFaultsSmallPages(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        p.mmapFile(base + page, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base + page, 1);
        assertEquals(new Smaps(pmd, page, 0, 0, 0), p.smaps(base, 2 * pmd));
        assertEquals(0, kernel.meminfo().shmemPmdMapped());
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void twoProcessesMapOneTeamAndShareItsPages(String arch) {
        Process a = boot(arch);
        Process b = kernel.spawn();
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        a.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        b.mmapFile(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        a.store(base, 5);
        assertEquals(5, b.load(base + 4 * pmd).value(), "the same page cache page");
        kernel.check();
        assertEquals(pmd, kernel.meminfo().shmemPmdMapped(), "one team, counted once");
        a.munmap(base, pmd);
        assertEquals(pmd, kernel.meminfo().shmemPmdMapped(), "still mapped by b");
        b.munmap(base + 4 * pmd, pmd);
        assertEquals(0, kernel.meminfo().shmemPmdMapped());
        assertAllMemoryBack(fs, a, b);
    }

    @OnEveryArchitecture
    void partialMunmapRemapsByPtesAndKeepsTheRest(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base, 1);
        p.munmap(base + pmd / 2, page);
        kernel.check();
        Smaps s = p.smaps(base, pmd);
        assertEquals(pmd - page, s.rss(), "remap_team_by_ptes: only the unmapped page leaves Rss");
        assertEquals(0, s.shmemPmdMapped());
        assertEquals(0, kernel.meminfo().shmemPmdMapped());
        assertEquals(1, p.load(base).value());
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void mprotectOfTheWholeExtentKeepsThePmdAndOfPartRemaps(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base, 1);
        p.store(base + pmd, 1);
        p.mprotect(base, pmd, PROT_READ);
        assertEquals(2 * pmd, p.smaps(base, 2 * pmd).shmemPmdMapped(), "change_huge_pmd in place");
        assertEquals(Access.SEGV, p.store(base, 2));
        p.mprotect(base, pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(base, 2), "a shared team PMD may become writable again");
        p.mprotect(base + pmd, page, PROT_READ);
        assertEquals(pmd, p.smaps(base, 2 * pmd).shmemPmdMapped(), "a partial mprotect remaps the extent");
        assertEquals(2 * pmd, p.smaps(base, 2 * pmd).rss());
        kernel.check();
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void aPrivateWriteThroughATeamPmdRemapsAndCopiesOnePage(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        assertEquals(0, p.load(base).value(), "a private read fault may map huge");
        assertEquals(pmd, p.smaps(base, pmd).shmemPmdMapped());
        assertEquals(Access.OK, p.store(base + page, 7));
        kernel.check();
        Smaps s = p.smaps(base, pmd);
        assertEquals(0, s.shmemPmdMapped(), "wp_huge_pmd remapped the team by PTEs");
        assertEquals(page, s.anonymous(), "and the write copied one page");
        assertEquals(pmd, s.rss());
        Process other = kernel.spawn();
        other.mmapFile(base, pmd, PROT_READ, true, fs.file, 0);
        assertEquals(0, other.load(base + page).value(), "the file page is untouched");
        assertAllMemoryBack(fs, p, other);
    }

    @OnEveryArchitecture
    void forkCopiesTheTeamPmdOfAPrivateMappingWithAnonPages(String arch) {
        Process parent = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        parent.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        parent.store(base + pmd, 3); // a private COW page gives the VMA an anon_vma
        parent.load(base);           // the first extent is mapped by a team PMD
        Process child = parent.fork();
        kernel.check();
        assertEquals(pmd, child.smaps(base, 2 * pmd).shmemPmdMapped(), "copy_huge_pmd duplicated the team PMD");
        assertEquals(3, child.load(base + pmd).value());
        assertEquals(pmd, kernel.meminfo().shmemPmdMapped(), "the team counts once");
        child.exit();
        kernel.check();
        assertAllMemoryBack(fs, parent);
    }

    @OnEveryArchitecture
    void forkDoesNotCopySharedFileMappings(String arch) {
        Process parent = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        parent.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        parent.store(base, 6);
        Process child = parent.fork();
        assertEquals(0, child.smaps(base, pmd).rss(), "the child refaults");
        assertEquals(6, child.load(base).value());
        assertEquals(pmd, child.smaps(base, pmd).shmemPmdMapped());
        assertAllMemoryBack(fs, parent, child);
    }

    @OnEveryArchitecture
    void beyondTheEndOfTheFileIsSigbus(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, page);
        fs.huge = false;
        p.mmapFile(base, 2 * page, PROT_READ | PROT_WRITE, true, fs.file, 0);
        assertEquals(Access.OK, p.store(base, 1));
        assertEquals(Access.SIGBUS, p.store(base + page, 1));
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void hugePathsReportTheirArchitectureHooks(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        p.store(base, 1);
        assertEquals(1, p.mm().archEvents(ArchEvent.UPDATE_MMU_CACHE_PMD), "map_team_by_pmd calls update_mmu_cache_pmd");
        p.mprotect(base + page, page, PROT_READ);
        assertEquals(1, p.mm().mmuNotifierInvalidations(), "remap_team_by_ptes tells secondary MMUs");
        p.munmap(base, pmd);
        assertTrue(p.mm().archEvents(ArchEvent.FLUSH_PMD_TLB_RANGE) >= 1, "clear_flush flushes the huge TLB entry");
        assertEquals(1 + 3, p.mm().mmuNotifierInvalidations(), "and each zap: mprotect cut the mapping in three");
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void unmapMappingRangeRemapsAndZapsInEveryProcessButKeepsPrivateCopies(String arch) {
        Process shared = boot(arch);
        Process priv = kernel.spawn();
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        shared.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        priv.mmapFile(base, pmd, PROT_READ | PROT_WRITE, false, fs.file, 0);
        shared.store(base + 2 * page, 4);
        priv.store(base + 2 * page, 9);                     // a private copy of page 2
        priv.load(base + 3 * page);                         // page 3 mapped from the file
        kernel.fileRmap().unmapMappingRange(fs.file, 2, 2, false); // a hole punch of pages 2 and 3
        kernel.check();
        assertEquals(pmd - 2 * page, shared.smaps(base, pmd).rss(), "the shared PMD was remapped, two pages zapped");
        assertEquals(0, kernel.meminfo().shmemPmdMapped());
        assertEquals(page, priv.smaps(base, pmd).anonymous(), "the private copy survives a punch");
        assertEquals(9, priv.load(base + 2 * page).value());
        kernel.fileRmap().unmapMappingRange(fs.file, 0, Long.MAX_VALUE / 2, true); // truncate to 0: even copies go
        kernel.check();
        assertEquals(0, priv.smaps(base, pmd).rss());
        assertEquals(0, shared.smaps(base, pmd).rss());
        assertAllMemoryBack(fs, shared, priv);
    }
}
