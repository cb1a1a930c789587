package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/** MADV_REMOVE punches the file behind a shared mapping; the core's observability reports what ran. */
class MadviseRemoveTests extends ShmemTestBase {

    @OnEveryArchitecture
    void removeFreesTheFilePagesAndDisbandsTheirTeam(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 5);
        p.store(base + page, 6);
        p.madvise(base, page, Advice.REMOVE);
        kernel.check();
        assertEquals(0, p.load(base).value(), "the page is gone from the file");
        assertEquals(6, p.load(base + page).value());
        assertEquals(0, meminfo().shmemHugePages(), "its team disbanded");
        assertTrue(p.mmEvents().get("mmu_notifier_invalidate_range") > 0);
        assertTrue(kernel.vmstat().get("nr_shmem") > 0);
        p.mmapAnonymous(base + 4 * pmd, page, PROT_READ | PROT_WRITE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.madvise(base + 4 * pmd, page, Advice.REMOVE));
        assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
        assertAllMemoryBack(List.of(f), p);
    }
}
