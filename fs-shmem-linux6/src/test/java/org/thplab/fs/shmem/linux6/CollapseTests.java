package org.thplab.fs.shmem.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.Map;
import org.thplab.fs.anon.AnonymousThp;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/** MADV_COLLAPSE and khugepaged on tmpfs (D18, D19), on every architecture, recounted after each step. */
class CollapseTests extends Shmem6TestBase {

    /**
     * D18: collapse_file copies the cached pages (holes zero-filled), unmaps the old ones in
     * every process and maps the PMD in the caller; an extent with nothing cached stops the walk.
     */
    @OnEveryArchitecture
    void madviseCollapseBuildsAHugePageAndMapsItInTheCaller(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "advise"));
        Process w = kernel.spawn();
        FileHandle f = sharedFile(m, w, base, 3 * pmd);
        w.storePages(base + 2 * pmd, 30 * page, 2);
        Process r = kernel.spawn();
        r.mmapFile(base, 3 * pmd, PROT_READ, true, f, 0);
        r.verifyPages(base, Math.min(40, nr / 2) * page, 0); // within extent 0 on every architecture
        step();
        assertTrue(r.collapse(base, pmd));
        step();
        assertEquals("H..", r.layout(base, 3 * pmd));
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(pmd + 30 * page, meminfo().shmem(), "the holes are zero-filled pages now");
        assertFalse(r.collapse(base + pmd, 2 * pmd), "extent 1 holds nothing: EINVAL, and the walk stops there");
        assertEquals(pmd, meminfo().shmemHugePages(), "extent 2 was not tried");
        assertEquals(30 * page, rss(w, base, 3 * pmd));
        assertTrue(r.collapse(base + 2 * pmd, pmd));
        step();
        assertEquals("H.H", r.layout(base, 3 * pmd), "installed in the caller, which had no table there");
        assertEquals(0, rss(w, base, 3 * pmd), "the old pages were unmapped everywhere");
        assertEquals(2 * pmd, meminfo().shmem());
        assertEquals(0, r.verifyPages(base + 2 * pmd, 30 * page, 2).mismatches(), "copied");
        assertEquals(0, r.verifyPages(base + 2 * pmd + 30 * page, pmd - 30 * page, 0).mismatches());
        w.load(base + 2 * pmd);
        assertEquals("..H", w.layout(base, 3 * pmd), "w's table was retracted: its refault maps a PMD");
        assertTrue(r.collapse(base + 2 * pmd, pmd), "already huge counts as collapsed");
        assertAllMemoryBack(List.of(f), w, r);
    }

    /** shmem_enabled=deny makes MADV_COLLAPSE of tmpfs fail; huge=never does not stop it. */
    @OnEveryArchitecture
    void denyRefusesCollapseButHugeNeverDoesNot(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, pmd);
        p.store(base, 1);
        kernel.setShmemEnabled("deny");
        assertFalse(p.collapse(base, pmd));
        assertEquals(0, meminfo().shmemHugePages());
        kernel.setShmemEnabled("never");
        assertTrue(p.collapse(base, pmd));
        step();
        assertEquals("H", p.layout(base, pmd));
        assertEquals(1, event("thp_collapse_alloc"));
        assertAllMemoryBack(List.of(f), p);
    }

    /** D19: khugepaged collapses an eligible extent, removes every eligible table, and maps nothing until a fault. */
    @OnEveryArchitecture
    void khugepagedCollapsesWithoutMapping(TestMachine on) {
        kernelWithPolicy(on);
        Mount m = kernel.mount("tmpfs", Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base + page, pmd - page, PROT_READ | PROT_WRITE, true, f, page); // too short: small pages
        p.storePages(base + page, 10 * page, 3);
        p.mmapFile(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.load(base + 4 * pmd + page);
        assertEquals("p", p.layout(base + 4 * pmd, pmd));
        step();
        assertEquals(1, kernel.khugepaged());
        step();
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(".", p.layout(base + 4 * pmd, pmd), "no PMD until the next fault");
        assertEquals(3, p.load(base + 4 * pmd + page).value());
        assertEquals("H", p.layout(base + 4 * pmd, pmd));
        assertEquals(0, kernel.khugepaged(), "nothing left to collapse");
        assertAllMemoryBack(List.of(f), p);
    }

    private void kernelWithPolicy(TestMachine on) {
        boot(on, Map.of());
        kernel = on.boot(256L << 20, List.of(new Tmpfs()), new AnonymousThp());
    }
}
