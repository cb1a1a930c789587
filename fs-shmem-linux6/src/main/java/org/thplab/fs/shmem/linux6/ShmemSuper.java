package org.thplab.fs.shmem.linux6;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/**
 * A mounted tmpfs ({@code struct shmem_sb_info}): its files, its {@code huge=} option and the
 * block accounting of {@code size=}.
 */
final class ShmemSuper implements FilesystemType.Filesystem {
    final FsServices services;
    final HugeOption huge;
    private final long maxPages;
    private final AtomicLong usedPages = new AtomicLong();
    private final Map<String, ShmemInode> files = new ConcurrentHashMap<>();

    ShmemSuper(FsServices services, HugeOption huge, long maxPages) {
        this.services = services;
        this.huge = huge;
        this.maxPages = maxPages;
    }

    @Override
    public FilesystemType.FsFile create(String name) {
        ShmemInode file = new ShmemInode(this);
        if (files.putIfAbsent(name, file) != null) {
            throw new IllegalArgumentException("tmpfs: file '" + name + "' exists");
        }
        return file;
    }

    /**
     * shmem_unused_huge_shrink(): every file whose last huge page straddles its end of file has
     * that page split and the pages past the end freed.
     *
     * @return pages freed
     */
    @Override
    public long shrink() {
        long freed = 0;
        for (ShmemInode f : files.values()) {
            freed += f.splitBeyondEof();
        }
        return freed;
    }

    /** shmem_inode_acct_blocks(): {@code pages} more blocks; false (nothing charged) past size= (ENOSPC). */
    boolean chargeBlocks(long pages) {
        long used;
        do {
            used = usedPages.get();
            if (used + pages > maxPages) {
                return false;
            }
        } while (!usedPages.compareAndSet(used, used + pages));
        return true;
    }

    /**
     * shmem_alloc_and_add_folio()'s accounting: when size= has no room for {@code pages}, huge
     * pages straddling the end of their files are split first (shmem_unused_huge_shrink) and
     * the charge tried once more.
     */
    boolean chargeOrShrink(long pages) {
        if (chargeBlocks(pages)) {
            return true;
        }
        shrink();
        return chargeBlocks(pages);
    }

    /** shmem_inode_unacct_blocks(). */
    void unchargeBlocks(long pages) {
        usedPages.addAndGet(-pages);
    }
}
