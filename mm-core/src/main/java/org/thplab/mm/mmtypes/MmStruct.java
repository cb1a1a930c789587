package org.thplab.mm.mmtypes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PteTable;
import org.thplab.mm.pgtable.PageTables;
import org.thplab.mm.pgtable.PmdTableImpl;

/**
 * An address space ({@code struct mm_struct}): its VMAs, page tables, locks and per-mm
 * counters, and the face an architecture sees of it ({@link Mm}).
 */
public final class MmStruct implements Mm {

    /** The per-mm RSS counters (MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES). */
    public enum Counter {
        /** MM_FILEPAGES. */
        FILE,
        /** MM_ANONPAGES. */
        ANON,
        /** MM_SHMEMPAGES. */
        SHMEM,
    }

    private final int id;
    private final ReentrantReadWriteLock mmapLock = new ReentrantReadWriteLock();
    private final ReentrantLock pageTableLock = new ReentrantLock();
    private final VmaTree vmas = new VmaTree();
    private final PageTables pageTables;
    private final AtomicLongArray rss = new AtomicLongArray(Counter.values().length);
    private final AtomicLong nrPtes = new AtomicLong();
    private final AtomicLongArray archEvents = new AtomicLongArray(ArchEvent.values().length);
    private final AtomicLong mmuNotifierInvalidations = new AtomicLong();
    private PteTable hugePte;

    public MmStruct(int id, PageTables pageTables) {
        this.id = id;
        this.pageTables = pageTables;
    }

    /** A small number naming this mm in messages. */
    public int id() {
        return id;
    }

    /** mmap_sem: read for faults, write for calls that reshape the VMAs. */
    public ReentrantReadWriteLock mmapLock() {
        return mmapLock;
    }

    public VmaTree vmas() {
        return vmas;
    }

    public PageTables pageTables() {
        return pageTables;
    }

    /** The PMD tables, for the architecture's deposit walk. */
    public List<PmdTableImpl> pmdTableList() {
        List<PmdTableImpl> out = new ArrayList<>();
        pageTables.forEachPmdTable((base, table) -> out.add(table));
        return out;
    }

    /** add_mm_counter(). */
    public void addRss(Counter c, long delta) {
        rss.addAndGet(c.ordinal(), delta);
    }

    /** get_mm_counter(). */
    public long rss(Counter c) {
        return rss.get(c.ordinal());
    }

    /** mm->nr_ptes: PTE tables in use or deposited. */
    public AtomicLong nrPtes() {
        return nrPtes;
    }

    /** How often the architecture reported {@code event} for this mm. */
    public long archEvents(ArchEvent event) {
        return archEvents.get(event.ordinal());
    }

    /**
     * mmu_notifier_invalidate_range_start/end(): secondary MMUs (KVM, devices) must drop their
     * translations of {@code [start, end)}; counted so that tests and users can see it happen.
     */
    public void mmuNotifierInvalidateRange(long start, long end) {
        mmuNotifierInvalidations.incrementAndGet();
    }

    /** How many ranges secondary MMUs were told to invalidate. */
    public long mmuNotifierInvalidations() {
        return mmuNotifierInvalidations.get();
    }

    @Override
    public ReentrantLock pageTableLock() {
        return pageTableLock;
    }

    @Override
    public void archEvent(ArchEvent event, long start, long end) {
        archEvents.incrementAndGet(event.ordinal());
    }

    @Override
    public PteTable hugePte() {
        return hugePte;
    }

    @Override
    public void setHugePte(PteTable head) {
        hugePte = head;
    }

    @Override
    public String toString() {
        return "mm " + id;
    }
}
