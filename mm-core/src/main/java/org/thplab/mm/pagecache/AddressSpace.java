package org.thplab.mm.pagecache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFile;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.plugin.PluginCallWatch;

/**
 * A file's {@code struct address_space}: its page cache, the VMAs that map it (i_mmap, the
 * file side of reverse mapping), its size and the operations of its mappings.
 */
public final class AddressSpace implements FileMapping, VmFile {

    /** One mapping of the file: which mm, which VMA. */
    public record Mapping(MmStruct mm, Vma vma) {
    }

    /**
     * What the core does for a file's mappings: unmap_mapping_range, remap_team_by_pmd, the
     * split of a cached compound page and retract_page_tables.
     */
    public interface RangeUnmapper {
        void unmap(AddressSpace file, long first, long count, boolean evenCows);

        int remapTeamByPmd(AddressSpace file, long first, long head);

        /** split_huge_page() of the compound page cached at {@code index}: see {@link FileMapping#splitFolio}. */
        boolean splitFolio(AddressSpace file, long index);

        /** retract_page_tables(): see {@link FileMapping#retractPageTables}. */
        int retractPageTables(AddressSpace file, long first);
    }

    private final int id;
    private final VmOperations ops;
    private final PageCache cache = new PageCache();
    private final ReentrantLock treeLock = new ReentrantLock();
    private final ReentrantReadWriteLock iMmap = new ReentrantReadWriteLock();
    private final List<Mapping> mappings = new CopyOnWriteArrayList<>();
    private final MemMap map;
    private final int hpageNr;
    private final RangeUnmapper unmapper;
    private volatile long size;
    /** The mount whose filesystem the file belongs to (0: the core's own); its frames record the same owner. */
    private final int owner;
    /** Pages deleted from the cache so far, and the thread that deleted last: a fault tells a race from its own handler's truncate. */
    private volatile long deletions;
    private volatile Thread lastDeleter;
    /** Run once the last mapping goes, for a file nothing else holds open (shared anonymous memory). */
    private volatile Runnable onLastUnmap;

    /** @param hpageNr the frames of a PMD-order compound page, the one order {@link #addFolio} takes */
    public AddressSpace(int id, VmOperations ops, long size, MemMap map, int hpageNr, RangeUnmapper unmapper) {
        this(id, 0, ops, size, map, hpageNr, unmapper);
    }

    /** A file of the mount whose owner id is {@code owner}: only that mount's frames may be cached in it. */
    public AddressSpace(int id, int owner, VmOperations ops, long size, MemMap map, int hpageNr,
                        RangeUnmapper unmapper) {
        this.id = id;
        this.owner = owner;
        this.ops = ops;
        this.size = size;
        this.map = map;
        this.hpageNr = hpageNr;
        this.unmapper = unmapper;
    }

    /** The id page frames record as their mapping. */
    public int id() {
        return id;
    }

    /** The owner id of the file's mount (0 for a file the core made itself). */
    public int owner() {
        return owner;
    }

    /** How many pages were ever deleted from the cache. */
    public long deletions() {
        return deletions;
    }

    /** Whether the last page deleted from the cache was deleted by {@code thread}. */
    public boolean lastDeletedBy(Thread thread) {
        return lastDeleter == thread;
    }

    /** The fault handler of the file's mappings. */
    public VmOperations ops() {
        return ops;
    }

    /** The page cache; guarded by {@link #treeLock()}. */
    public PageCache cache() {
        return cache;
    }

    @Override
    public ReentrantLock treeLock() {
        return treeLock;
    }

    @Override
    public long find(long index) {
        requireTreeLock("find");
        return cache.find(index);
    }

    @Override
    public void add(long index, long pfn) {
        requireTreeLock("add");
        requireOwned("add", pfn, 1);
        cache.add(index, pfn);
        map.setMapping(pfn, id);
        map.setIndex(pfn, index);
    }

    @Override
    public void addRange(long index, long pfn, long n) {
        requireTreeLock("add");
        requireOwned("addRange", pfn, n);
        cache.addRange(index, pfn, n);
        map.setMappingRange(pfn, n, id); // a team's worth: its block's template, not 512 frames
        map.setIndexRange(pfn, n, index);
    }

    @Override
    public long findFirst(long first, long count) {
        requireTreeLock("find");
        return cache.findFirst(first, count);
    }

    @Override
    public long delete(long index) {
        requireTreeLock("delete");
        long pfn = cache.delete(index);
        if (pfn != PageCache.NO_PAGE) {
            lastDeleter = Thread.currentThread();
            deletions = deletions + 1; // under the tree lock
        }
        return pfn;
    }

    @Override
    public void addFolio(long index, long head) {
        requireTreeLock("addFolio");
        requireOwned("addFolio", head, hpageNr);
        if (!map.test(head, PageFlags.HEAD) || map.test(head, PageFlags.ANON) || map.refcount(head) <= 0) {
            throw new IllegalArgumentException(String.format("%s: addFolio of pfn %#x, which heads no compound file page"
                    + " (flags %s)", this, head, PageFlags.describe(map.flags(head))));
        }
        if ((index & (hpageNr - 1)) != 0) {
            throw new IllegalArgumentException(this + ": addFolio at index " + index + ": expected a multiple of "
                    + hpageNr);
        }
        for (int k = 0; k < hpageNr; k++) {
            long old = cache.find(index + k);
            if (old != PageCache.NO_PAGE) {
                throw new IllegalStateException(String.format("%s: addFolio at index %d: index %d already holds pfn"
                        + " %#x", this, index, index + k, old));
            }
        }
        for (int k = 0; k < hpageNr; k++) {
            cache.add(index + k, head + k);
        }
        map.setMappingRange(head, hpageNr, id); // the block's template: the folio stays compact
        map.setIndexRange(head, hpageNr, index);
        map.addRefcount(head, hpageNr - 1); // one reference per slot, all on the head; the caller gave one
    }

    @Override
    public long deleteFolio(long index) {
        requireTreeLock("deleteFolio");
        long pfn = cache.find(index);
        if (pfn == PageCache.NO_PAGE || (map.flags(pfn) & (PageFlags.HEAD | PageFlags.TAIL)) == 0) {
            return NO_PAGE;
        }
        long head = pfn - (map.index(pfn) & (hpageNr - 1));
        long first = map.index(head);
        for (int k = 0; k < hpageNr; k++) {
            cache.delete(first + k);
        }
        map.addRefcount(head, -(hpageNr - 1)); // the caller keeps one of the cache's references
        return head;
    }

    @Override
    public boolean splitFolio(long index) {
        return unmapper.splitFolio(this, index);
    }

    @Override
    public int retractPageTables(long first) {
        return unmapper.retractPageTables(this, first);
    }

    /** HPAGE_PMD_NR: the frames of a compound page this cache holds. */
    public int hpageNr() {
        return hpageNr;
    }

    @Override
    public void forEach(Visitor visitor) {
        requireTreeLock("forEach");
        cache.forEach(visitor::visit);
    }

    @Override
    public void unmapMappingRange(long first, long count, boolean evenCows) {
        PluginCallWatch.intoCore(); // the core's time, not the plugin's, as the watchdog counts
        try {
            unmapper.unmap(this, first, count, evenCows);
        } finally {
            PluginCallWatch.backToPlugin();
        }
    }

    @Override
    public int remapTeamByPmd(long first, long head) {
        PluginCallWatch.intoCore();
        try {
            return unmapper.remapTeamByPmd(this, first, head);
        } finally {
            PluginCallWatch.backToPlugin();
        }
    }

    /**
     * A mount's file caches only frames that mount allocated (fault-around maps cached pages
     * without asking the filesystem again); checked per block where the range is compact.
     */
    private void requireOwned(String what, long pfn, long n) {
        if (owner == 0 || n <= 0 || (pfn >= 0 && pfn + n <= map.frames() && map.ownedBy(pfn, n, owner))) {
            return;
        }
        long bad = pfn;
        while (bad >= 0 && bad < map.frames() && bad < pfn + n && map.owner(bad) == owner) {
            bad++;
        }
        throw new IllegalArgumentException(String.format("%s: %s of pfn %#x, which is not a page this filesystem holds",
                this, what, bad));
    }

    private void requireTreeLock(String what) {
        if (!treeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException(this + ": page cache " + what + " without the tree lock");
        }
    }

    /** i_mmap_rwsem. */
    public ReentrantReadWriteLock iMmap() {
        return iMmap;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void setSize(long size) {
        this.size = size;
    }

    /** vma_link() into i_mmap, under the i_mmap lock. */
    public void link(MmStruct mm, Vma vma) {
        iMmap.writeLock().lock();
        try {
            mappings.add(new Mapping(mm, vma));
        } finally {
            iMmap.writeLock().unlock();
        }
    }

    /** unlink_file_vma(), under the i_mmap lock; the last unlink of an unnamed file releases it. */
    public void unlink(Vma vma) {
        boolean last;
        iMmap.writeLock().lock();
        try {
            mappings.removeIf(m -> m.vma() == vma);
            last = mappings.isEmpty();
        } finally {
            iMmap.writeLock().unlock();
        }
        Runnable release = onLastUnmap;
        if (last && release != null) {
            onLastUnmap = null;
            release.run();
        }
    }

    /** Makes the file go with its last mapping (the shmem file behind shared anonymous memory). */
    public void releaseOnLastUnmap(Runnable release) {
        this.onLastUnmap = release;
    }

    /** The mappings of the file now. */
    public List<Mapping> mappings() {
        return mappings;
    }

    @Override
    public String toString() {
        return "file " + id;
    }
}
