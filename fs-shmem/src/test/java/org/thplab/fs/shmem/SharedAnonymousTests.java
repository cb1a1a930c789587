package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Process;

/** Shared anonymous memory is shmem on an internal mount that follows shmem_enabled. */
class SharedAnonymousTests extends ShmemTestBase {

    @OnEveryArchitecture
    void forkSharesTheMemoryAndItGoesWithTheLastMapping(TestMachine machine) {
        boot(machine, Map.of());
        Process parent = kernel.spawn();
        parent.mmapSharedAnonymous(base, 4 * page, PROT_READ | PROT_WRITE);
        parent.store(base, 1);
        Process child = parent.fork();
        child.store(base + page, 2);
        assertEquals(2, parent.load(base + page).value(), "writes are shared, not copied");
        assertEquals(1, child.load(base).value());
        assertEquals(2 * page, meminfo().shmem());
        assertEquals(0, parent.smaps(base, 4 * page).anonymous(), "shmem is not Anonymous in smaps");
        kernel.check();
        parent.exit();
        assertEquals(2 * page, meminfo().shmem(), "the child still maps it");
        assertAllMemoryBack(List.of(), child);
    }

    @OnEveryArchitecture
    void shmemEnabledDecidesHugePages(TestMachine machine) {
        boot(machine, Map.of());
        Process p = kernel.spawn();
        p.mmapSharedAnonymous(base, pmd, PROT_READ | PROT_WRITE);
        p.store(base, 1);
        assertEquals(0, meminfo().shmemPmdMapped(), "shmem_enabled=never by default");
        kernel.setShmemEnabled("always");
        p.mmapSharedAnonymous(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE);
        p.store(base + 4 * pmd, 1);
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertEquals(pmd, p.smaps(base + 4 * pmd, pmd).shmemPmdMapped());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.setShmemEnabled("yes"));
        assertEquals("shmem_enabled=yes: expected always, within_size, advise, never, deny or force", e.getMessage());
        p.munmap(base, pmd);
        kernel.check();
        assertAllMemoryBack(List.of(), p);
    }
}
