package org.thplab.mm.memory;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.plugin.PluginFailures;

/**
 * The fault-answer check on frames set up by hand: what it accepts, what it refuses and
 * releases, how it tells a racing truncate from the handler's own, and the hook a compound
 * file page will use (a subpage whose head the mapping owns at the right index).
 */
class FaultAnswerCheckTests {
    private static final Object PLUGIN = new Object();
    private static final int OWNER = 7;
    private Machine m;
    private AddressSpace file;
    private FaultAnswerCheck check;

    @BeforeEach
    void boot() {
        FaultAnswerCheckTests.class.getModule().addUses(Architecture.class);
        Architecture x86 = Architectures.select(ServiceLoader.load(Architecture.class), "x86_64");
        m = new Machine(x86, 4096);
        file = new AddressSpace(m.nextId(), OWNER, null, 1 << 20, m.map, m.g.hpagePmdNr(), null);
        check = new FaultAnswerCheck(m, new PageTeam(m.map, m.g.hpagePmdNr()));
    }

    /** A page of the file at {@code index}, cached (the cache's reference) and answered (one more). */
    private long cachedPage(long index) {
        long p = m.buddy.allocPages(0);
        m.map.setOwner(p, OWNER);
        file.treeLock().lock();
        try {
            file.add(index, p);
        } finally {
            file.treeLock().unlock();
        }
        m.map.addRefcount(p, 1);
        return p;
    }

    private int answer(long pgoff, int reply, long page) {
        return check.refuse(PLUGIN, file, pgoff, m.g.hpagePmdNr(), reply, page, file.deletions());
    }

    @Test
    void theFilesOwnReferencedPageIsAccepted() {
        long p = cachedPage(3);
        assertEquals(FaultAnswerCheck.ACCEPTED, answer(3, FaultReply.OK, p));
        assertEquals(List.of(), m.pluginFailures.take());
        assertEquals(2, m.map.refcount(p), "nothing released");
    }

    @Test
    void aPageAtAnotherIndexIsRefusedAndItsLockAndReferenceReleased() {
        long p = cachedPage(3);
        assertTrue(m.map.trylockPage(p));
        assertEquals(Fault.SIGBUS, answer(4, FaultReply.LOCKED, p));
        assertEquals(List.of(PluginFailures.describe(PLUGIN) + ": fault answered 0x200 with page " + String.format("%#x", p)
                + ", which is not this file's page at index 4"), m.pluginFailures.take());
        assertEquals(1, m.map.refcount(p), "the answer's reference is put; the cache keeps its own");
        assertFalse(m.map.test(p, org.thplab.mm.page.PageFlags.LOCKED), "the lock handed over is released");
    }

    @Test
    void aFrameOfAnotherMountIsRefusedAndLeftAlone() {
        long p = cachedPage(3);
        m.map.setOwner(p, OWNER + 1);
        assertEquals(Fault.SIGBUS, answer(3, FaultReply.OK, p));
        assertTrue(m.pluginFailures.take().get(0).endsWith("which is not a page of this filesystem"));
        assertEquals(2, m.map.refcount(p), "a reference on a frame it does not own was never the plugin's to give");
    }

    @Test
    void theZeroPageAndAPageTableFrameAreRefusedAndLeftAlone() {
        var frags = new org.thplab.mm.pgtable.PgtableAllocator.FragmentCache();
        long table = m.pgtables.pteAllocOne(frags).pfn();
        for (long core : new long[] {m.zeroPfn, table}) {
            int refs = m.map.refcount(core);
            assertEquals(Fault.SIGBUS, answer(0, FaultReply.OK, core));
            assertEquals(List.of(PluginFailures.describe(PLUGIN) + String.format(": fault answered 0x0 with page %#x,"
                    + " which is not a page of this filesystem", core)), m.pluginFailures.take());
            assertEquals(refs, m.map.refcount(core), "the core's frame keeps its references");
        }
    }

    @Test
    void aPageTruncatedByAnotherThreadWhileTheHandlerRanIsARetryNotABug() throws InterruptedException {
        long p = cachedPage(3);
        long before = file.deletions();
        Thread truncate = new Thread(() -> {
            file.treeLock().lock();
            try {
                file.delete(3);
            } finally {
                file.treeLock().unlock();
            }
        });
        truncate.start();
        truncate.join();
        assertEquals(Fault.DONE, check.refuse(PLUGIN, file, 3, m.g.hpagePmdNr(), FaultReply.OK, p, before));
        assertEquals(List.of(), m.pluginFailures.take());
        assertEquals(1, m.map.refcount(p), "the answer's reference is put: the cache's is the truncating thread's");

        long q = cachedPage(5);
        before = file.deletions();
        file.treeLock().lock();
        try {
            file.delete(5); // the handler's own thread: a re-entrant truncate
        } finally {
            file.treeLock().unlock();
        }
        assertEquals(Fault.SIGBUS, check.refuse(PLUGIN, file, 5, m.g.hpagePmdNr(), FaultReply.OK, q, before));
        assertTrue(m.pluginFailures.take().get(0).endsWith("(truncated)"));
    }

    /** A PMD-order compound page of {@code mount}, cached whole from {@code index} (the cache's references on its head). */
    private long cachedFolio(int mount, long index) {
        int nr = m.g.hpagePmdNr();
        long head = m.buddy.allocPages(m.g.hpagePmdOrder());
        m.map.setOwnerRange(head, nr, mount);
        m.prepCompoundPage(head);
        file.treeLock().lock();
        try {
            file.addFolio(index, head);
        } finally {
            file.treeLock().unlock();
        }
        return head;
    }

    @Test
    void aSubpageOfTheFilesCompoundPageAtItsIndexIsAcceptedThroughItsHead() {
        int nr = m.g.hpagePmdNr();
        long head = cachedFolio(OWNER, nr);
        assertFalse(m.map.materialized(head), "owning a whole folio is one template store");
        m.map.addRefcount(head, 1); // the answer's reference, on the head
        assertEquals(FaultAnswerCheck.ACCEPTED, answer(nr + 5, FaultReply.OK, head + 5));
        assertEquals(List.of(), m.pluginFailures.take());

        assertTrue(m.map.trylockPage(head), "a compound page's lock is its head's");
        assertEquals(Fault.SIGBUS, answer(nr + 6, FaultReply.LOCKED, head + 5));
        assertEquals(List.of(PluginFailures.describe(PLUGIN) + String.format(": fault answered 0x200 with page %#x,"
                + " which is not this file's page at index %d", head + 5, nr + 6)), m.pluginFailures.take());
        assertFalse(m.map.test(head, org.thplab.mm.page.PageFlags.LOCKED), "the head's lock is released");
        assertEquals(nr, m.map.refcount(head), "the answer's reference is put; the cache keeps one per slot");

        assertEquals(Fault.SIGBUS, answer(nr + 5, FaultReply.OK, head + 5));
        assertTrue(m.pluginFailures.take().get(0).endsWith("which the answer holds no reference on"));
    }

    @Test
    void aCompoundPageOfAnotherMountCannotBeCachedNorAnswered() {
        int nr = m.g.hpagePmdNr();
        long head = m.buddy.allocPages(m.g.hpagePmdOrder());
        m.map.setOwnerRange(head, nr, OWNER + 1);
        m.prepCompoundPage(head);
        file.treeLock().lock();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> file.addFolio(0, head));
            assertTrue(e.getMessage().endsWith(String.format("addFolio of pfn %#x, which is not a page this filesystem"
                    + " holds", head)), e.getMessage());
            m.map.setOwner(head + 7, OWNER);
            m.map.setOwnerRange(head, 7, OWNER);
            e = assertThrows(IllegalArgumentException.class, () -> file.addRange(0, head, nr), "one frame is not");
            assertTrue(e.getMessage().contains(String.format("pfn %#x,", head + 8)), e.getMessage());
        } finally {
            file.treeLock().unlock();
        }
        assertEquals(Fault.SIGBUS, answer(8, FaultReply.OK, head + 8));
        assertTrue(m.pluginFailures.take().get(0).endsWith("which is not a page of this filesystem"));
        assertEquals(1, m.map.refcount(head), "left alone");
    }
}
