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
    /** shmem_huge_recoveries: how many recovery work items may wait at once. */
    static final int MAX_RECOVERIES = 8;
    /** Queued recovery work, one item per (file, extent), oldest first. */
    private final java.util.LinkedHashMap<String, Runnable> recoveries = new java.util.LinkedHashMap<>();

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

    /**
     * shmem_huge_recovery(): queues the rebuilding of a file's extent as a team, unless that
     * extent is queued already (work_already) or the queue is full (work_too_many).
     */
    synchronized void queueRecovery(ShmemFile file, long first, Runnable work) {
        String key = System.identityHashCode(file) + ":" + first;
        if (!recoveries.containsKey(key) && recoveries.size() < MAX_RECOVERIES) {
            recoveries.put(key, work);
        }
    }

    /** Runs the queued recoveries until none is left (work queued while running runs too). */
    @Override
    public int settle() {
        int ran = 0;
        while (true) {
            Runnable work;
            synchronized (this) {
                if (recoveries.isEmpty()) {
                    return ran;
                }
                String key = recoveries.keySet().iterator().next();
                work = recoveries.remove(key);
            }
            work.run();
            ran++;
        }
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
    /** Charges {@code n} blocks at once, or none if size= cannot take them all. */
    boolean chargeBlocks(long n) {
        long used;
        do {
            used = usedPages.get();
            if (used + n > maxPages) {
                return false;
            }
        } while (!usedPages.compareAndSet(used, used + n));
        return true;
    }

    void unchargeBlock() {
        usedPages.decrementAndGet();
    }
}
