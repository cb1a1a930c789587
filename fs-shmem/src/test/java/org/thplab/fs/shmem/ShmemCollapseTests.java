package org.thplab.fs.shmem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * MADV_COLLAPSE of tmpfs with the seed's teams under 6.x's walk (shmem_collapse_readonly_view):
 * an extent with nothing in the page cache stops the walk and is left empty; past it, a team
 * is rebuilt and the mappings that map it by PTEs are remapped by a PMD. khugepaged leaves
 * tmpfs to the seed's own recovery. The invariant checker runs after every step.
 */
class ShmemCollapseTests extends ShmemTestBase {

    @OnEveryArchitecture
    void anExtentWithNothingCachedStopsTheWalkAndStaysEmpty(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "advise", "size", "64M"));
        FileHandle f = m.create("F");
        f.truncate(3 * pmd);
        Process p = kernel.spawn();
        int written = Math.min(30, nr - 2); // ppc64-radix has 32 pages per PMD
        int read = Math.min(40, nr - 1);
        p.mmapFile(base, 3 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        for (int i = 0; i < written; i++) {
            p.store(base + 2 * pmd + i * page, 2);
        }
        p.mmapFile(base + 4 * pmd, 3 * pmd, PROT_READ, true, f, 0);
        long r = base + 4 * pmd;
        for (int i = 0; i < read; i++) {
            p.load(r + i * page);
        }
        kernel.check();
        assertEquals((written + read) * page, meminfo().shmem());

        assertTrue(p.collapse(r, pmd), "the cached pages become a team");
        kernel.check();
        assertEquals("H..", p.layout(r, 3 * pmd), "remapped by a PMD where R mapped PTEs");
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(pmd + written * page, meminfo().shmem());

        assertFalse(p.collapse(r + pmd, 2 * pmd), "extent 1 holds nothing: EINVAL, extent 2 not tried");
        kernel.check();
        assertEquals(pmd, meminfo().shmemHugePages(), "no team for the empty extent, none for the next");
        assertEquals(pmd + written * page, meminfo().shmem(), "the page cache is as it was");
        assertEquals("..p", p.layout(base, 3 * pmd));

        assertTrue(p.collapse(r + 2 * pmd, pmd), "a call starting past the empty extent collapses the next");
        kernel.check();
        assertEquals(2 * pmd, meminfo().shmemHugePages());
        assertEquals(2 * pmd, meminfo().shmem(), "the holes zero-filled");
        assertEquals("..H", p.layout(base, 3 * pmd), "the writer's PTEs remapped by a PMD");
        for (int i = 0; i < written; i++) {
            assertEquals(2, p.load(r + 2 * pmd + i * page).value());
        }
        assertEquals(0, p.load(r + 2 * pmd + written * page).value());
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void anExtentPastTheEndOfFileIsEmpty(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never"));
        FileHandle f = m.create("F");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 1);
        assertFalse(p.collapse(base, 2 * pmd), "the second extent lies past the end of the file");
        kernel.check();
        assertEquals("H.", p.layout(base, 2 * pmd), "the first extent was collapsed before the walk stopped");
        assertEquals(1, p.load(base).value());
        assertAllMemoryBack(List.of(f), p);
    }

    @OnEveryArchitecture
    void khugepagedLeavesTmpfsToTheSeedsRecovery(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never"));
        FileHandle f = m.create("F");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        for (int i = 0; i < nr; i++) {
            p.store(base + i * page, 3);
        }
        kernel.khugepaged();
        kernel.check();
        assertEquals("p", p.layout(base, pmd), "the seed's tmpfs declines khugepaged (UNSUPPORTED)");
        assertEquals(0, meminfo().shmemHugePages());
        assertTrue(p.collapse(base, pmd), "while MADV_COLLAPSE still rebuilds a team");
        kernel.check();
        assertEquals("H", p.layout(base, pmd));
        assertAllMemoryBack(List.of(f), p);
    }
}
