package org.thplab.mm.pagecache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.vma.MmStruct;
import org.thplab.mm.vma.Vma;

/**
 * A file's {@code struct address_space}: its page cache, the VMAs that map it (i_mmap, the
 * file side of reverse mapping), its size and the operations of its mappings.
 */
public final class AddressSpace {

    /** One mapping of the file: which mm, which VMA. */
    public record Mapping(MmStruct mm, Vma vma) {
    }

    private final int id;
    private final VmOperations ops;
    private final PageCache cache = new PageCache();
    private final ReentrantLock treeLock = new ReentrantLock();
    private final ReentrantReadWriteLock iMmap = new ReentrantReadWriteLock();
    private final List<Mapping> mappings = new CopyOnWriteArrayList<>();
    private volatile long size;

    public AddressSpace(int id, VmOperations ops, long size) {
        this.id = id;
        this.ops = ops;
        this.size = size;
    }

    /** The id page frames record as their mapping. */
    public int id() {
        return id;
    }

    /** The fault handler of the file's mappings. */
    public VmOperations ops() {
        return ops;
    }

    /** The page cache; guarded by {@link #treeLock()}. */
    public PageCache cache() {
        return cache;
    }

    /** mapping->tree_lock. */
    public ReentrantLock treeLock() {
        return treeLock;
    }

    /** i_mmap_rwsem. */
    public ReentrantReadWriteLock iMmap() {
        return iMmap;
    }

    /** i_size in bytes. */
    public long size() {
        return size;
    }

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

    /** unlink_file_vma(), under the i_mmap lock. */
    public void unlink(Vma vma) {
        iMmap.writeLock().lock();
        try {
            mappings.removeIf(m -> m.vma() == vma);
        } finally {
            iMmap.writeLock().unlock();
        }
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
