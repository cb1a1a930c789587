package org.thplab.mm;

import org.thplab.api.API;

/**
 * The global counters of /proc/meminfo, in bytes.
 *
 * @param anonHugePages  anonymous huge pages mapped by a PMD
 * @param shmemHugePages complete shmem teams
 * @param shmemPmdMapped shmem teams mapped by a PMD somewhere
 * @param shmem          shmem pages in page caches
 * @param anonPages      anonymous pages mapped somewhere
 * @param memFree        free memory
 * @param pageTables     memory holding PTE tables
 * @param shmemFreeHoles uninstantiated pages of incomplete shmem teams
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Meminfo(long anonHugePages, long shmemHugePages, long shmemPmdMapped, long shmem, long anonPages,
                      long memFree, long pageTables, long shmemFreeHoles) {
}
