package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.Pages;
import org.thplab.mm.fstest.FolioFs;
import org.thplab.mm.stat.VmStat;

/**
 * The core's compound file pages through the SPI (F1-F5): the reference contract of
 * addFolio and deleteFolio, the views, a split that leaves no mapping, a pinned page that
 * does not split, and the checker catching a cache that holds too few references.
 */
class CompoundFileTests {

    private FolioFs fs;

    /** A file of {@code extents} PMD extents on a freshly booted foliofs. */
    private FileHandle file(TestKernel k, int extents) {
        fs = new FolioFs();
        Mount m = k.bootKernel(256L << 20, List.of(fs), null).mount("foliofs", Map.of());
        FileHandle f = m.create("f");
        f.truncate(extents * k.pmd);
        return f;
    }

    /** Exits the processes, truncates the file to nothing, and expects every frame back. */
    private static void release(TestKernel k, FileHandle f, Process... procs) {
        for (Process p : procs) {
            p.exit();
        }
        f.truncate(0);
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void theCacheHoldsOneReferencePerSlotOnTheHead(TestKernel k) {
        FileHandle f = file(k, 2);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE, true, f, 0);
        Access stored = p.store(k.base + 3 * k.page, 4);
        assertEquals(List.of(), k.kernel.takePluginFailures());
        assertEquals(Access.OK, stored);
        k.kernel.check();
        Pages pages = fs.services.pages();
        FileMapping mapping = f.mapping();
        int nr = k.g.hpagePmdNr();
        mapping.treeLock().lock();
        try {
            long sub = mapping.find(3);
            long head = pages.compoundHead(sub);
            assertEquals(head + 3, sub);
            assertEquals(k.g.hpagePmdOrder(), pages.compoundOrder(sub));
            assertEquals(1, pages.entireMapcount(head), "mapped by one PMD");
            assertEquals(nr + 1, pages.refcount(sub), "the cache's nr and the PMD's one, all on the head");
            long other = pages.allocCompoundPage(k.g.hpagePmdOrder());
            assertThrows(IllegalStateException.class, () -> mapping.addFolio(0, other), "a taken slot");
            assertThrows(IllegalArgumentException.class, () -> mapping.addFolio(nr + 1, other), "unaligned");
            assertThrows(IllegalArgumentException.class, () -> pages.allocCompoundPage(0), "PMD order only");
            mapping.addFolio(nr, other);
            assertEquals(nr, pages.refcount(other));
            assertEquals(other, mapping.deleteFolio(nr + 5), "by any of its indexes");
            assertEquals(1, pages.refcount(other), "the caller holds one");
            assertEquals(FileMapping.NO_PAGE, mapping.find(nr));
            pages.putPage(other);
        } finally {
            mapping.treeLock().unlock();
        }
        k.kernel.check();
        release(k, f, p);
    }

    @OnEveryArchitecture
    void aSplitUnmapsEverywhereUnlessThePageIsPinned(TestKernel k) {
        FileHandle f = file(k, 1);
        Process p = k.kernel.spawn();
        Process q = k.kernel.spawn();
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, f, 0);
        q.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, false, f, 0);
        p.store(k.base, 6);
        q.store(k.base + k.page, 7); // a private copy, which a split keeps
        q.load(k.base + 2 * k.page);
        Pages pages = fs.services.pages();
        FileMapping mapping = f.mapping();
        long head;
        mapping.treeLock().lock();
        try {
            head = mapping.find(0);
            pages.getPage(head); // a pin
        } finally {
            mapping.treeLock().unlock();
        }
        assertFalse(mapping.splitFolio(0));
        assertEquals(1, k.kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PAGE_FAILED));
        assertEquals(k.g.hpagePmdOrder(), pages.compoundOrder(head), "still compound");
        assertEquals(".", p.layout(k.base, k.pmd), "but unmapped");
        pages.putPage(head);
        k.kernel.check();
        assertTrue(mapping.splitFolio(0));
        fs.services.count(org.thplab.api.fs.FsServices.Counter.SHMEM_HUGEPAGES, -1); // the filesystem's part
        k.kernel.check();
        assertEquals(0, pages.compoundOrder(head + 1));
        assertEquals(1, pages.refcount(head + 1), "each subpage holds the cache's one reference");
        assertEquals(7, q.load(k.base + k.page).value(), "the private copy stayed");
        assertEquals(6, q.load(k.base).value());
        assertEquals(1, k.kernel.machine().stat.get(VmStat.Event.THP_SPLIT_PAGE));
        release(k, f, p, q);
    }

    @OnEveryArchitecture
    void theCheckerCatchesACacheMissingAReference(TestKernel k) {
        FileHandle f = file(k, 1);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, k.pmd, PROT_READ | PROT_WRITE, true, f, 0);
        p.store(k.base, 1);
        Pages pages = fs.services.pages();
        long head;
        f.mapping().treeLock().lock();
        try {
            head = f.mapping().find(0);
        } finally {
            f.mapping().treeLock().unlock();
        }
        pages.putPage(head); // the filesystem drops one of the cache's references
        InvariantViolation e = assertThrows(InvariantViolation.class, () -> k.kernel.check());
        assertTrue(e.getMessage().contains("refcount"), e.getMessage());
        pages.getPage(head);
        release(k, f, p);
    }
}
