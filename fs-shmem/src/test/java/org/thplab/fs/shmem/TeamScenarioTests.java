package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/** The team scenarios of the notes' section 5.12 that faults and system calls can express. */
class TeamScenarioTests extends ShmemTestBase {

    @OnEveryArchitecture
    void t1SparseFillCountsFreeHolesUntilTheTeamIsComplete(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base + page, pmd, PROT_READ | PROT_WRITE, true, f, 0); // misaligned: no PMD can map it
        p.store(base + page, 1);
        assertEquals(page, meminfo().shmem());
        assertEquals(pmd - page, meminfo().shmemFreeHoles(), "a team was allocated for the extent");
        assertEquals(0, meminfo().shmemHugePages());
        kernel.check();
        for (int i = nr - 1; i >= 1; i--) {
            p.store(base + page + i * page, 2);
        }
        assertEquals(0, meminfo().shmemFreeHoles());
        assertEquals(pmd, meminfo().shmemHugePages(), "complete");
        assertEquals(0, meminfo().shmemPmdMapped(), "but mapped by PTEs only");
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void t2AFaultMapsTheTeamByPmdWithNoSigbusUpToTheHugePageBoundary(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "1"));
        FileHandle f = m.create("f");
        f.truncate(3 * page);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base, 4));
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertEquals(pmd, p.smaps(base, pmd).shmemPmdMapped());
        assertEquals(pmd, p.smaps(base, pmd).rss());
        assertEquals(new Load(Access.OK, 0), p.load(base + pmd - page), "beyond EOF but inside the team");
        kernel.check();
        Process small = kernel.spawn();
        small.mmapFile(base + page, pmd, PROT_READ, true, f, 0);
        assertEquals(Access.SIGBUS, small.load(base + page + 5 * page).access(), "a PTE mapping past EOF");
        assertAllMemoryBack(List.of(f), p, small);
    }

    @OnEveryArchitecture
    void t3AndT4OneTeamMappedTwiceAndMixedCountsOnce(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process a = kernel.spawn();
        Process b = kernel.spawn();
        Process c = kernel.spawn();
        a.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        b.mmapFile(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        c.mmapFile(base + page, page, PROT_READ, true, f, 3 * page); // one page by PTE
        a.store(base + 3 * page, 9);
        assertEquals(9, b.load(base + 4 * pmd + 3 * page).value());
        assertEquals(9, c.load(base + page).value());
        assertEquals(pmd, meminfo().shmemPmdMapped(), "mapped by two PMDs, counted once");
        assertEquals(pmd, meminfo().shmem());
        a.munmap(base, pmd);
        assertEquals(pmd, meminfo().shmemPmdMapped());
        b.munmap(base + 4 * pmd, pmd);
        assertEquals(0, meminfo().shmemPmdMapped());
        kernel.check();
        assertAllMemoryBack(List.of(f), a, b, c);
    }

    @OnEveryArchitecture
    void t5APrivateWriteRemapsAndCopiesLeavingTheFileUntouched(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, false, f, 0);
        p.load(base);
        assertEquals(pmd, p.smaps(base, pmd).shmemPmdMapped(), "a private read fault maps huge");
        p.store(base, 6);
        assertEquals(page, p.smaps(base, pmd).anonymous());
        assertEquals(0, meminfo().shmemPmdMapped());
        assertEquals(pmd, meminfo().shmemHugePages(), "the team is intact");
        Process reader = kernel.spawn();
        reader.mmapFile(base, pmd, PROT_READ, true, f, 0);
        assertEquals(0, reader.load(base).value(), "shmem data unchanged");
        assertAllMemoryBack(List.of(f), p, reader);
    }

    @OnEveryArchitecture
    void t6PartOfAnExtentRemapsItWithTheTeamIntact(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 1);
        p.store(base + pmd, 1);
        p.mprotect(base + page, page, PROT_READ);
        assertEquals(pmd, meminfo().shmemPmdMapped());
        p.munmap(base + pmd + page, page);
        assertEquals(0, meminfo().shmemPmdMapped());
        assertEquals(2 * pmd, meminfo().shmemHugePages(), "both teams intact");
        assertEquals(2 * pmd - page, p.smaps(base, 2 * pmd).rss());
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void t7APunchRemapsDisbandsAndFreesOnePage(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        for (int i = 0; i < 4; i++) {
            p.store(base + i * page, 10 + i);
        }
        f.punchHole(2 * page, page);
        kernel.check();
        assertEquals(0, meminfo().shmemHugePages(), "disbanded");
        assertEquals(0, meminfo().shmemPmdMapped());
        assertEquals(pmd - page, meminfo().shmem(), "the punched page is freed, the rest stay as small pages");
        assertEquals(pmd - page, p.smaps(base, pmd).rss());
        assertEquals(11, p.load(base + page).value());
        assertEquals(0, p.load(base + 2 * page).value(), "the hole reads zero");
        assertEquals(13, p.load(base + 3 * page).value());
        assertEquals(0, meminfo().shmemFreeHoles(), "the refault is a small page, in no team");
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void t12TheHugeOptionDecidesWhichExtentsGetTeams(TestMachine machine) {
        Mount never = boot(machine, Map.of("huge", "never"));
        Mount within = kernel.mount("tmpfs", Map.of("huge", "within_size"));
        Mount advise = kernel.mount("tmpfs", Map.of("huge", "advise"));
        FileHandle n = never.create("n");
        FileHandle w = within.create("w");
        FileHandle a = advise.create("a");
        n.truncate(pmd);
        w.truncate(pmd + page);
        a.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, n, 0);
        p.mmapFile(base + 4 * pmd, 2 * pmd, PROT_READ | PROT_WRITE, true, w, 0);
        p.mmapFile(base + 8 * pmd, 2 * pmd, PROT_READ | PROT_WRITE, true, a, 0);
        p.store(base, 1);
        assertEquals(0, meminfo().shmemHugePages(), "huge=never: small pages");
        p.store(base + 4 * pmd, 1);
        assertEquals(pmd, meminfo().shmemPmdMapped(), "within_size: the first extent fits");
        p.store(base + 5 * pmd, 1);
        assertEquals(pmd, meminfo().shmemPmdMapped(), "the second does not");
        p.store(base + 8 * pmd, 1);
        assertEquals(pmd, meminfo().shmemPmdMapped(), "advise: not without MADV_HUGEPAGE");
        p.madvise(base + 9 * pmd, pmd, Advice.HUGEPAGE);
        p.store(base + 9 * pmd, 1);
        assertEquals(2 * pmd, meminfo().shmemPmdMapped(), "advise: with it");
        assertAllMemoryBack(List.of(n, w, a), p);
    }

    @OnEveryArchitecture
    void t8ReclaimFreesTheHolesOfIncompleteTeams(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        java.util.List<FileHandle> files = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FileHandle f = m.create("small" + i);
            f.truncate(page);
            p.mmapFile(base + i * 4 * pmd + page, page, PROT_READ | PROT_WRITE, true, f, 0);
            p.store(base + i * 4 * pmd + page, 5);
            files.add(f);
        }
        assertEquals(3 * (pmd - page), meminfo().shmemFreeHoles(), "each small file holds a whole team");
        long freed = kernel.reclaim();
        assertTrue(freed >= 3 * (pmd / page - 1), "the holes went back: " + freed);
        assertEquals(0, meminfo().shmemFreeHoles());
        assertEquals(3 * page, meminfo().shmem());
        assertEquals(5, p.load(base + 4 * pmd + page).value(), "the data stays");
        assertAllMemoryBack(files, p);
    }

    /** Holds every other page of memory, so that no huge page can be had until the hog exits. */
    private Process fragmentMemory() {
        Process hog = kernel.spawn();
        long room = kernel.freeFrames();
        hog.mmapAnonymous(base + 64 * pmd, room * page, PROT_READ | PROT_WRITE);
        long written = 0;
        while (written < room && hog.store(base + 64 * pmd + written * page, 1) == org.thplab.mm.Access.OK) {
            written++;
        }
        for (long i = 0; i < written; i += 2) {
            hog.munmap(base + 64 * pmd + i * page, page);
        }
        return hog;
    }

    @OnEveryArchitecture
    void t10RecoveryRebuildsTheTeamAndRemapsItByPmd(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process hog = fragmentMemory();
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 9);
        assertEquals("p", p.layout(base, pmd), "no huge page: a small page, in no team");
        assertEquals(0, meminfo().shmemHugePages());
        hog.exit();
        p.store(base + page, 8); // a PTE fault in a mapping that could go huge queues recovery
        kernel.check();
        assertEquals(1, kernel.settle());
        kernel.check();
        assertEquals("H", p.layout(base, pmd), "the team was rebuilt and remapped by PMD");
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(9, p.load(base).value(), "the migrated pages kept their data");
        assertEquals(8, p.load(base + page).value());
        assertEquals(0, kernel.settle(), "nothing left to do");
        assertAllMemoryBack(java.util.List.of(f), p);
    }

    @OnEveryArchitecture
    void t10AtMostEightRecoveriesWaitOnePerExtent(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(10 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 10 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        Process hog = fragmentMemory();
        for (int e = 0; e < 10; e++) {
            p.store(base + e * pmd, e);
        }
        hog.exit();
        for (int e = 0; e < 10; e++) {
            p.store(base + e * pmd + page, e);
            p.store(base + e * pmd + 2 * page, e); // the same extent again: queued once
        }
        assertEquals(8, kernel.settle(), "shmem_huge_recoveries: eight at once");
        assertEquals(8, p.layout(base, 10 * pmd).chars().filter(c -> c == 'H').count());
        kernel.check();
        for (int e = 0; e < 10; e++) {
            p.store(base + e * pmd + 3 * page, e);
        }
        assertEquals(2, kernel.settle(), "the rest, queued by later faults");
        assertEquals("HHHHHHHHHH", p.layout(base, 10 * pmd));
        for (int e = 0; e < 10; e++) {
            assertEquals(e, p.load(base + e * pmd + page).value());
        }
        assertAllMemoryBack(java.util.List.of(f), p);
    }

    @OnEveryArchitecture
    void madviseCollapseMakesATeamEvenOnASmallPageMount(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 4);
        p.store(base + 5 * page, 5);
        assertEquals("p", p.layout(base, pmd));
        assertTrue(p.collapse(base, pmd));
        kernel.check();
        assertEquals("H", p.layout(base, pmd));
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(4, p.load(base).value());
        assertEquals(5, p.load(base + 5 * page).value());
        assertAllMemoryBack(java.util.List.of(f), p);
    }
}
