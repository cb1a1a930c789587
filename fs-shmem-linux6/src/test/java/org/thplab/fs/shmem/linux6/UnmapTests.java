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
 * The core's paths keyed on a compound file page (D8-D12, D23): a PMD split only clears it,
 * a later fault maps a PMD again, a private write copies one page, fork copies no file PMD,
 * mremap to a misaligned place clears it. Recounted after each step, on every architecture.
 */
class UnmapTests extends Shmem6TestBase {

    /** D8, D9: partial DONTNEED, mprotect and munmap clear the PMD (Rss and ShmemPmdMapped drop); a refault maps it again. */
    @OnEveryArchitecture
    void aPartialZapClearsThePmdAndARefaultRestoresIt(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 3 * pmd);
        p.storePages(base, 3 * pmd, 4);
        Process q = p.fork();
        q.load(base + pmd);
        p.madvise(base + pmd + 5 * page, 2 * page, Process.Advice.DONTNEED);
        step();
        assertEquals(2 * pmd, rss(p, base, 3 * pmd), "the whole extent left p, no PTE was installed");
        assertEquals(pmd, rss(q, base, 3 * pmd), "q keeps its PMD");
        assertEquals(3 * pmd, meminfo().shmemPmdMapped(), "q still maps extent 1 by PMD");
        assertEquals(3 * pmd, meminfo().shmemHugePages(), "the page stays huge");
        q.exit();
        p.mprotect(base + 2 * pmd + page, page, PROT_READ);
        step();
        assertEquals(pmd, rss(p, base, 3 * pmd));
        assertEquals(pmd, meminfo().shmemPmdMapped());
        p.load(base + pmd + page);
        assertEquals("HH.", p.layout(base, 3 * pmd), "D9: the slot was empty, the VMA suitable: a PMD again");
        p.load(base + 2 * pmd);
        assertEquals('p', p.layout(base, 3 * pmd).charAt(2), "the cut VMA is not suitable: PTEs");
        assertEquals(3 * pmd, meminfo().shmemHugePages());
        assertEquals(0, p.verifyPages(base, 3 * pmd, 4).mismatches());
        assertAllMemoryBack(List.of(f), p);
    }

    /** D10: a write to a private file PMD clears it and maps one anonymous copy. */
    @OnEveryArchitecture
    void aPrivateWriteToAFilePmdCopiesOnePage(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process w = kernel.spawn();
        FileHandle f = sharedFile(m, w, base, pmd);
        w.storePages(base, pmd, 1);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, PROT_READ | PROT_WRITE, false, f, 0);
        p.load(base);
        assertEquals("H", p.layout(base, pmd));
        assertEquals(Access.OK, p.store(base + 3 * page, 9));
        step();
        assertEquals(page, rss(p, base, pmd), "the PMD is gone, one copy is mapped");
        assertEquals(page, p.smaps(base, pmd).anonymous());
        assertEquals(1, w.load(base + 3 * page).value(), "the file is unchanged");
        p.load(base + 4 * page);
        long expected = page >= 65536 ? 2 * page : pmd; // fault-around maps the folio's empty PTEs; not on 64 KiB pages
        assertEquals(expected, rss(p, base, pmd), "the rest refaults by PTEs around the copy");
        assertEquals(9, p.load(base + 3 * page).value());
        assertAllMemoryBack(List.of(f), w, p);
    }

    /** D11, D12: fork copies no file PMD, private (anon_vma) or shared; the child faults them in. */
    @OnEveryArchitecture
    void forkCopiesNoFilePmd(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 2 * pmd);
        p.storePages(base, 2 * pmd, 3);
        p.mmapFile(base + 4 * pmd, 2 * pmd, PROT_READ | PROT_WRITE, false, f, 0);
        p.load(base + 4 * pmd);
        p.store(base + 5 * pmd, 8);
        Process c = p.fork();
        step();
        assertEquals("..", c.layout(base, 2 * pmd), "shared: nothing copied");
        assertEquals(".p", c.layout(base + 4 * pmd, 2 * pmd), "private: the PMD skipped, the copy's PTE copied");
        assertEquals(3, c.load(base + 4 * pmd).value());
        assertEquals("Hp", c.layout(base + 4 * pmd, 2 * pmd));
        assertEquals(8, c.load(base + 5 * pmd).value());
        assertEquals(Access.OK, c.load(base + pmd).access());
        assertEquals(".H", c.layout(base, 2 * pmd));
        assertAllMemoryBack(List.of(f), p, c);
    }

    /** D23: mremap of a file PMD to a misaligned place clears it; an aligned whole move keeps it. */
    @OnEveryArchitecture
    void mremapMovesOrClearsAFilePmd(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 2 * pmd);
        p.storePages(base, 2 * pmd, 5);
        p.mremap(base, pmd, base + 4 * pmd, pmd);
        step();
        assertEquals("H", p.layout(base + 4 * pmd, pmd), "move_huge_pmd");
        p.mremap(base + pmd, pmd, base + 6 * pmd + page, pmd);
        step();
        assertEquals(0, rss(p, base + 6 * pmd, 2 * pmd), "a misaligned move clears the PMD");
        assertEquals(5, p.load(base + 6 * pmd + page).value());
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertAllMemoryBack(List.of(f), p);
    }
}
