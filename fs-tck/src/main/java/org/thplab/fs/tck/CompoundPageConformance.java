package org.thplab.fs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.thplab.api.API;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * The contract of a filesystem whose huge pages are compound pages in the page cache (the
 * experimental SPI: {@code Pages.allocCompoundPage}, {@code FileMapping.addFolio},
 * {@code splitFolio}): extend this in a JUnit 5 test, return your filesystem type and the
 * mount options under which a fault in an empty, PMD-aligned extent of a suitable mapping
 * caches a PMD-order compound page. Every test runs on x86_64, ppc64 and ppc64-radix, and the
 * invariant checker recounts everything (the cache's references on each head, mapcounts, RSS,
 * tables) after every test and at the steps named.
 *
 * <p>What it holds the filesystem to (Linux 6.x's rules for file THPs): an aligned fault maps
 * by PMD; a split of the page, on punch or truncate inside it, leaves no mapping of it in any
 * process; fork copies no file PMD; a partial DONTNEED or mprotect clears the PMD and installs
 * no PTEs, and a later fault maps a PMD again; every frame comes back.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public abstract class CompoundPageConformance extends BootedKit {
    /** For subclasses only. */
    protected CompoundPageConformance() {
    }

    /** A fresh instance of the filesystem type under test. */
    protected abstract FilesystemType filesystemType();

    /** Mount options under which an aligned fault caches a PMD-order compound page. */
    protected abstract Map<String, String> mountOptions();

    @OnEveryArchitecture
    void anAlignedFaultMapsByPmd(TestMachine machine) {
        FileHandle f = boot(machine).create("aligned");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base + 3 * page, 9));
        assertEquals("H.", p.layout(base, 2 * pmd), "one store maps the whole extent by PMD");
        assertEquals(new Process.Load(Access.OK, 0), p.load(base + pmd - page), "the rest is zero-filled");
        assertEquals(9, p.load(base + 3 * page).value());
        kernel.check();
        assertAllMemoryBack(f, p);
    }

    @OnEveryArchitecture
    void aSplitLeavesNoMappingOfThePageAnywhere(TestMachine machine) {
        FileHandle f = boot(machine).create("split");
        f.truncate(pmd);
        Process p = kernel.spawn();
        Process q = kernel.spawn();
        p.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        q.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        p.storePages(base, pmd, 4);
        assertEquals(Access.OK, q.load(base).access());
        assertEquals("H", q.layout(base, pmd));
        f.punchHole(5 * page, page);
        kernel.check();
        assertEquals(".", p.layout(base, pmd), "the punch split the page: no PMD and no PTE of it is left");
        assertEquals(".", q.layout(base, pmd), "in every process");
        assertEquals(new Process.Load(Access.OK, 0), q.load(base + 5 * page), "the hole reads as zeros");
        assertEquals(0, p.verifyPages(base + 6 * page, pmd - 6 * page, 4).mismatches(), "the rest is intact");
        assertAllMemoryBack(f, p, q);
    }

    @OnEveryArchitecture
    void forkCopiesNoFilePmd(TestMachine machine) {
        FileHandle f = boot(machine).create("fork");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, false, f, 0);
        assertEquals(Access.OK, p.load(base).access());
        assertEquals(Access.OK, p.store(base + pmd, 3), "a private copy: the mapping has an anon_vma");
        assertEquals("Hp", p.layout(base, 2 * pmd));
        Process child = p.fork();
        kernel.check();
        assertEquals(".p", child.layout(base, 2 * pmd), "the child refaults the file PMD; private PTEs are copied");
        assertEquals(Access.OK, child.load(base + page).access());
        assertEquals("Hp", child.layout(base, 2 * pmd), "its fault maps the PMD");
        assertEquals(3, child.load(base + pmd).value());
        assertAllMemoryBack(f, p, child);
    }

    @OnEveryArchitecture
    void aPartialZapClearsThePmdAndARefaultMapsItAgain(TestMachine machine) {
        FileHandle f = boot(machine).create("partial");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        p.storePages(base, 2 * pmd, 6);
        assertEquals("HH", p.layout(base, 2 * pmd));
        p.madvise(base + 2 * page, 2 * page, Process.Advice.DONTNEED);
        assertEquals(".H", p.layout(base, 2 * pmd), "DONTNEED of a part clears the PMD and maps no PTE");
        p.mprotect(base + pmd, page, Process.PROT_READ);
        assertEquals("..", p.layout(base, 2 * pmd), "mprotect of a part too");
        kernel.check();
        assertEquals(6, p.load(base + 3 * page).value(), "DONTNEED never touches the page cache");
        assertEquals("H.", p.layout(base, 2 * pmd), "the refault maps the still-huge page by PMD again");
        p.mprotect(base + pmd, page, Process.PROT_READ | Process.PROT_WRITE);
        assertEquals(6, p.load(base + pmd + page).value());
        assertEquals("HH", p.layout(base, 2 * pmd), "the merged mapping is suitable again");
        p.munmap(base + pmd, page);
        assertEquals("H.", p.layout(base, 2 * pmd), "munmap of a part clears the PMD");
        assertEquals(6, p.load(base + pmd + page).value());
        assertEquals("Hp", p.layout(base, 2 * pmd), "a cut mapping maps by PTEs");
        assertAllMemoryBack(f, p);
    }

    @OnEveryArchitecture
    void everyFrameComesBackAfterTruncateAndPunch(TestMachine machine) {
        FileHandle f = boot(machine).create("frames");
        f.truncate(3 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 3 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        p.storePages(base, 3 * pmd, 2);
        f.punchHole(pmd, pmd); // a whole huge page leaves the cache whole
        kernel.check();
        assertEquals(new Process.Load(Access.OK, 0), p.load(base + pmd + page));
        f.truncate(2 * pmd + 7 * page); // cuts the last huge page
        kernel.check();
        assertEquals(2, p.load(base + 2 * pmd + 6 * page).value());
        assertEquals(Access.SIGBUS, p.load(base + 2 * pmd + 7 * page).access(), "past the new end of file");
        assertEquals(2, p.load(base).value(), "the first huge page is untouched");
        assertAllMemoryBack(f, p);
    }

    /**
     * MADV_COLLAPSE (if the filesystem collapses at all): an extent of small pages that
     * collapses reads the same and maps by PMD in the caller; an extent with nothing cached is
     * refused (EMPTY, which stops the walk) and stays empty.
     */
    @OnEveryArchitecture
    void collapseAnswersConsistently(TestMachine machine) {
        FileHandle f = boot(machine).create("collapse");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base + page, pmd - page, Process.PROT_READ | Process.PROT_WRITE, true, f, page); // too short: small pages
        p.storePages(base + page, 5 * page, 8);
        Process q = kernel.spawn();
        q.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        boolean collapsed = q.collapse(base, pmd);
        kernel.check();
        assertEquals(collapsed ? "H." : "..", q.layout(base, 2 * pmd),
                collapsed ? "COLLAPSED: mapped by PMD in the caller" : "not collapsed: nothing mapped");
        assertEquals(0, q.verifyPages(base + page, 5 * page, 8).mismatches(), "the data survive either way");
        assertEquals(new Process.Load(Access.OK, 0), q.load(base + 6 * page));
        assertEquals(false, q.collapse(base + pmd, pmd), "nothing cached: refused");
        assertEquals(".", q.layout(base + pmd, pmd));
        kernel.check();
        assertAllMemoryBack(f, p, q);
    }

    /** Exits the processes, truncates the file to nothing, and expects every frame back. */
    private void assertAllMemoryBack(FileHandle f, Process... procs) {
        machine.release(List.of(f), procs);
        kernel.reclaim();
        machine.assertAllMemoryBack();
    }
}
