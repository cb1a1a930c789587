package org.thplab.fs.shmem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/** A mounted tmpfs ({@code struct shmem_sb_info}): its files, huge mode and block limit. */
final class ShmemFilesystem implements FilesystemType.Filesystem {
    final FsServices services;
    final HugeMode huge;
    private final long maxPages;
    private final AtomicLong usedPages = new AtomicLong();
    private final Map<String, ShmemFile> files = new ConcurrentHashMap<>();

    ShmemFilesystem(FsServices services, HugeMode huge, long maxPages) {
        this.services = services;
        this.huge = huge;
        this.maxPages = maxPages;
    }

    @Override
    public FilesystemType.FsFile create(String name) {
        ShmemFile file = new ShmemFile(this);
        if (files.putIfAbsent(name, file) != null) {
            throw new IllegalArgumentException("tmpfs: file '" + name + "' exists");
        }
        return file;
    }

    /** The hugehole shrinker: every incomplete team is disbanded, its free holes freed. */
    @Override
    public long shrink() {
        long freed = 0;
        for (ShmemFile f : files.values()) {
            freed += f.shrinkHoles();
        }
        return freed;
    }

    /** shmem_acct_block(): one more page instantiated; false when size= is reached (ENOSPC). */
    boolean chargeBlock() {
        long used;
        do {
            used = usedPages.get();
            if (used >= maxPages) {
                return false;
            }
        } while (!usedPages.compareAndSet(used, used + 1));
        return true;
    }

    /** shmem_unacct_blocks(). */
    void unchargeBlock() {
        usedPages.decrementAndGet();
    }
}
