package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.api.fs.FilesystemType;
import org.thplab.arch.tck.ServiceDeclarations;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;
import org.junit.jupiter.api.Test;

/** Mount options, size= limits, truncate, and the plugin's declarations. */
class TmpfsTests extends ShmemTestBase {

    @OnEveryArchitecture
    void badOptionsAreRefusedNamingWhatWasExpected(TestMachine machine) {
        boot(machine, Map.of());
        assertMessage("tmpfs: bad huge=2: expected never, always, within_size, advise, 0 or 1", Map.of("huge", "2"));
        assertMessage("tmpfs: unknown option 'nr_inodes': expected huge=never|always|within_size|advise|0|1 or size=SIZE",
                Map.of("nr_inodes", "5"));
        assertMessage("tmpfs: bad size=12Q: expected a non-negative integer with optional unit K, M, G, page or pmd",
                Map.of("size", "12Q"));
        assertEquals("tmpfs", kernel.mount("tmpfs", Map.of("huge", "1", "size", "2pmd")).type());
    }

    private void assertMessage(String message, Map<String, String> options) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.mount("tmpfs", options));
        assertEquals(message, e.getMessage());
    }

    @OnEveryArchitecture
    void theSizeLimitGivesSigbusAndLeavesEverythingConsistent(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always", "size", "4page"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base, 1), "a small page when the team cannot be populated");
        assertEquals(0, meminfo().shmemPmdMapped());
        for (int i = 1; i < 4; i++) {
            assertEquals(Access.OK, p.store(base + i * page, 1));
        }
        assertEquals(Access.SIGBUS, p.store(base + 4 * page, 1), "ENOSPC");
        kernel.check();
        assertEquals(4 * page, meminfo().shmem());
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void aSizeIsRoundedUpToWholePages(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never", "size", "5K"));
        int pages = page == 4096 ? 2 : 1; // 5K is one page and a bit of 4K, a part of one of 64K
        FileHandle f = m.create("f");
        f.truncate(4 * page);
        Process p = kernel.spawn();
        p.mmapFile(base, 4 * page, PROT_READ | PROT_WRITE, true, f, 0);
        for (int i = 0; i < pages; i++) {
            assertEquals(Access.OK, p.store(base + i * page, 1), "the partial page counts as a whole one");
        }
        assertEquals(Access.SIGBUS, p.store(base + pages * page, 1), "but no more");
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void sizeZeroIsUnlimited(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always", "size", "0"));
        FileHandle f = m.create("f");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base, 1));
        assertEquals(Access.OK, p.store(base + pmd + page, 1));
        assertEquals(2 * pmd, meminfo().shmemHugePages(), "both teams populated, nothing refused");
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void truncateUnmapsAndFreesEvenPrivateCopies(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        Process q = kernel.spawn();
        q.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, false, f, 0);
        p.store(base, 2);
        p.store(base + pmd, 3);
        q.store(base + pmd + 3 * page, 4); // a private copy, beyond the coming end of file
        f.truncate(pmd + 2 * page);
        kernel.check();
        assertEquals(3, p.load(base + pmd).value());
        assertEquals(Access.SIGBUS, p.load(base + pmd + 2 * page).access());
        assertEquals(pmd, meminfo().shmemHugePages(), "the first team stays, the cut one was disbanded");
        assertEquals(pmd, p.smaps(base, pmd).shmemPmdMapped());
        assertEquals(Access.SIGBUS, q.load(base + pmd + 3 * page).access(),
                "truncate removed the private copy too; a PTE fault past EOF is SIGBUS");
        assertAllMemoryBack(List.of(f), p, q);
    }

    @OnEveryArchitecture
    void filesAreNamedOncePerMount(TestMachine machine) {
        Mount m = boot(machine, Map.of());
        m.create("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.create("x"));
        assertEquals("tmpfs: file 'x' exists", e.getMessage());
    }

    @Test
    void isDeclaredAlikeForJpmsAndOsgi() {
        assertEquals(java.util.Set.of(Tmpfs.class.getName()),
                ServiceDeclarations.assertProvidersAgree(Tmpfs.class, FilesystemType.class));
    }
}
