package org.thplab.fs.shmem.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * The fault side of Linux 6.18's huge tmpfs, one test per row of the design study's table of
 * differences (D2-D7, D15-D17, D25, D26), on every architecture, recounted after each step.
 */
class FaultTests extends Shmem6TestBase {

    /** D2: a non-congruent mapping, or one too short for the extent, gets order-0 pages only. */
    @OnEveryArchitecture
    void aMisalignedOrPartialMappingGetsSmallPagesOnly(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(3 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base + page, pmd, PROT_READ | PROT_WRITE, true, f, 0); // shifted by a page
        p.storePages(base + page, pmd, 1);
        step();
        assertEquals(0, meminfo().shmemHugePages(), "not congruent: small pages");
        assertEquals(pmd, meminfo().shmem());
        p.mmapFile(base + 4 * pmd, pmd, PROT_READ | PROT_WRITE, true, f, pmd + page); // odd file offset
        p.store(base + 4 * pmd, 2);
        p.mmapFile(base + 6 * pmd, pmd - page, PROT_READ | PROT_WRITE, true, f, 2 * pmd); // shorter than the extent
        p.store(base + 6 * pmd, 3);
        step();
        assertEquals(0, meminfo().shmemHugePages());
        assertEquals(pmd + 2 * page, meminfo().shmem());
        assertAllMemoryBack(List.of(f), p);
    }

    /** D3: an aligned fault in an extent that already holds small pages maps small pages. */
    @OnEveryArchitecture
    void anExtentHoldingSmallPagesStaysSmall(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base + page, page, PROT_READ | PROT_WRITE, true, f, 5 * page); // one small page cached
        p.store(base + page, 1);
        p.mmapFile(base + 4 * pmd, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.load(base + 4 * pmd);
        p.load(base + 5 * pmd);
        step();
        assertEquals("pH", p.layout(base + 4 * pmd, 2 * pmd), "xa_find hit: order 0 there, a PMD where empty");
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(1, p.load(base + 4 * pmd + 5 * page).value());
        assertAllMemoryBack(List.of(f), p);
    }

    /** D4: a private write into an empty eligible extent caches a whole huge page and maps one copy. */
    @OnEveryArchitecture
    void aPrivateWriteCachesAHugePageAndMapsACopy(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, false, f, 0);
        assertEquals(Access.OK, p.store(base + 3 * page, 7));
        step();
        assertEquals(pmd, meminfo().shmemHugePages(), "shmem_fault has no private-write exception");
        assertEquals(pmd, meminfo().shmem());
        assertEquals(0, meminfo().shmemPmdMapped(), "the huge page itself is not mapped");
        assertEquals(page, p.smaps(base, pmd).anonymous());
        assertEquals(page, rss(p, base, pmd));
        assertEquals(1, event("thp_file_alloc"));
        assertAllMemoryBack(List.of(f), p);
    }

    /** D5: MADV_NOHUGEPAGE: no huge allocation through the mapping, and an existing huge page maps by PTEs. */
    @OnEveryArchitecture
    void noHugepageRefusesHugeAllocationAndThePmd(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        FileHandle f = m.create("f");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.madvise(base, 2 * pmd, Process.Advice.NOHUGEPAGE);
        p.store(base, 1);
        step();
        assertEquals(0, meminfo().shmemHugePages(), "vma_thp_disabled");
        Process q = kernel.spawn();
        q.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        q.store(base + pmd, 2);
        assertEquals(".H", q.layout(base, 2 * pmd));
        p.load(base + pmd + page);
        step();
        assertEquals("pp", p.layout(base, 2 * pmd), "do_set_pmd refuses; the whole folio fits: all its PTEs");
        assertEquals(0, p.smaps(base, 2 * pmd).shmemPmdMapped());
        assertEquals(pmd, rss(p, base + pmd, pmd));
        assertAllMemoryBack(List.of(f), p, q);
    }

    /** D6: huge=within_size: an extent not wholly inside the size is huge only where advised. */
    @OnEveryArchitecture
    void withinSizeFallsThroughToAdvise(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "within_size"));
        FileHandle f = m.create("f");
        f.truncate(pmd + 10 * page);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(base, 1);
        p.store(base + pmd, 2);
        step();
        assertEquals(pmd, meminfo().shmemHugePages(), "extent 0 lies within the size, extent 1 does not");
        Process q = kernel.spawn();
        q.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        q.madvise(base, 2 * pmd, Process.Advice.HUGEPAGE);
        f.punchHole(pmd, page);
        q.store(base + pmd + page, 3);
        step();
        assertEquals(2 * pmd, meminfo().shmemHugePages(), "with MADV_HUGEPAGE it is huge, past the end of file too");
        assertEquals(2 * pmd, meminfo().shmem(), "D26: Shmem counts the whole huge page");
        assertAllMemoryBack(List.of(f), p, q);
    }

    /** D7: shmem_enabled=deny forbids huge pages on every mount, force allows them on every mount. */
    @OnEveryArchitecture
    void shmemEnabledDenyAndForceOverrideTheMount(TestMachine machine) {
        Mount always = boot(machine, Map.of("huge", "always"));
        Mount never = kernel.mount("tmpfs", Map.of("huge", "never"));
        Process p = kernel.spawn();
        kernel.setShmemEnabled("deny");
        FileHandle a = sharedFile(always, p, base, pmd);
        p.store(base, 1);
        assertEquals(0, meminfo().shmemHugePages());
        kernel.setShmemEnabled("force");
        FileHandle n = sharedFile(never, p, base + 2 * pmd, pmd);
        p.store(base + 2 * pmd, 1);
        step();
        assertEquals(pmd, meminfo().shmemHugePages(), "force: huge even on huge=never");
        assertEquals("H", p.layout(base + 2 * pmd, pmd));
        kernel.setShmemEnabled("never");
        assertAllMemoryBack(List.of(a, n), p);
    }

    /** D15: the first access at or past EOF is SIGBUS; a PMD mapped from within EOF still covers the rest. */
    @OnEveryArchitecture
    void sigbusPastEofUnlessAPmdCoversIt(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, pmd);
        f.truncate(10 * page);
        Process q = kernel.spawn();
        q.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.SIGBUS, q.load(base + 20 * page).access(), "shmem_get_folio refuses past EOF");
        assertEquals(Access.OK, p.load(base).access());
        assertEquals("H", p.layout(base, pmd), "tmpfs maps a PMD across i_size");
        assertEquals(Access.OK, p.load(base + 20 * page).access(), "the PMD covers it: no fault");
        step();
        assertAllMemoryBack(List.of(f), p, q);
    }

    /** D16: a read fault maps the cached pages of the aligned 64 KiB block around it (not on 64 KiB pages). */
    @OnEveryArchitecture
    void faultAroundMapsTheBlockClippedToMappingAndEof(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "never"));
        Process w = kernel.spawn();
        FileHandle f = sharedFile(m, w, base, pmd);
        w.storePages(base, pmd, 5);
        long around = Math.max(1, 65536 / page);
        Process r = kernel.spawn();
        r.mmapFile(base, pmd, PROT_READ, true, f, 0);
        r.load(base + 5 * page);
        step();
        assertEquals(around * page, rss(r, base, pmd), "the aligned block");
        r.mmapFile(base + 4 * pmd + 3 * page, pmd - 3 * page, PROT_READ, true, f, 3 * page);
        r.load(base + 4 * pmd + 3 * page);
        assertEquals(around * page, rss(r, base + 4 * pmd, pmd), "starting at the mapping's start");
        r.mmapFile(base + 7 * pmd - 3 * page, pmd, PROT_READ, true, f, 0); // its start: 3 pages before a table's end
        r.load(base + 7 * pmd - 3 * page);
        assertEquals(Math.min(around, 3) * page, rss(r, base + 7 * pmd - 3 * page, pmd), "not past the page table");
        f.truncate(10 * page);
        Process r2 = kernel.spawn();
        r2.mmapFile(base, pmd, PROT_READ, true, f, 0);
        r2.load(base + 8 * page);
        step();
        assertEquals(Math.min(around, 10) * page, rss(r2, base, pmd), "not past the end of file");
        assertAllMemoryBack(List.of(f), w, r, r2);
    }

    /**
     * D17: a PTE fault on a huge page that fits in the mapping and one table maps all of it; with one
     * PTE of it already present finish_fault maps the one page (fault-around, where it runs, maps the
     * folio's empty PTEs).
     */
    @OnEveryArchitecture
    void aFittingHugePageIsMappedWholeByPtes(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process w = kernel.spawn();
        FileHandle f = sharedFile(m, w, base, pmd);
        w.store(base, 1);
        Process r = kernel.spawn();
        r.mmapFile(base, pmd, PROT_READ | PROT_WRITE, true, f, 0);
        r.madvise(base, pmd, Process.Advice.NOHUGEPAGE);
        r.load(base + 7 * page);
        assertEquals(pmd, rss(r, base, pmd), "all PTEs of the folio");
        r.madvise(base + page, pmd - page, Process.Advice.DONTNEED);
        assertEquals(page, rss(r, base, pmd));
        r.load(base + 9 * page);
        step();
        long expected = page >= 65536 ? 2 * page : pmd; // no fault-around on 64 KiB pages
        assertEquals(expected, rss(r, base, pmd), "one PTE present: finish_fault maps one page");
        assertAllMemoryBack(List.of(f), w, r);
    }

    /**
     * D25: when size= cannot hold a whole huge page, huge pages straddling the end of their
     * files are split to make room (shmem_unused_huge_shrink) before the fault settles for a
     * small page.
     */
    @OnEveryArchitecture
    void aFullSizeLimitSplitsHugePagesPastEofFirst(TestMachine machine) {
        boot(machine, Map.of());
        Mount m = kernel.mount("tmpfs", Map.of("huge", "always", "size", (nr + nr / 2) + "page"));
        Process p = kernel.spawn();
        FileHandle a = sharedFile(m, p, base, pmd);
        a.truncate(nr / 4 * page);
        p.store(base, 1); // a huge page reaching past the end of a: nr blocks charged
        FileHandle b = sharedFile(m, p, base + 4 * pmd, pmd);
        p.store(base + 4 * pmd, 2);
        step();
        assertEquals(pmd, meminfo().shmemHugePages(), "b's huge page fits once a's tail is freed");
        assertEquals(pmd + nr / 4 * page, meminfo().shmem());
        assertEquals(1, p.load(base).value());
        assertAllMemoryBack(List.of(a, b), p);
    }

    /** D25: when size= cannot hold a whole huge page the fault falls back to a small page. */
    @OnEveryArchitecture
    void sizeLimitFallsBackToSmallPages(TestMachine machine) {
        boot(machine, Map.of());
        Mount m = kernel.mount("tmpfs", Map.of("huge", "always", "size", (nr - 1) + "page"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, pmd);
        p.store(base, 1);
        step();
        assertEquals(0, meminfo().shmemHugePages());
        assertEquals(page, meminfo().shmem());
        assertEquals(1, event("thp_file_fallback"));
        for (int i = 1; i < nr - 1; i++) {
            assertEquals(Access.OK, p.store(base + i * page, 1));
        }
        assertEquals(Access.SIGBUS, p.store(base + (nr - 1) * page, 1), "ENOSPC");
        assertAllMemoryBack(List.of(f), p);
    }
}
