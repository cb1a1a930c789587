package org.thplab.mm;

import org.thplab.api.API;

/**
 * The /proc/PID/smaps figures of the mappings inside one address range, in bytes.
 *
 * @param size           mapped size
 * @param rss            resident: pages mapped (the zero page excluded)
 * @param anonymous      anonymous pages among them
 * @param anonHugePages  anonymous huge pages mapped by a PMD
 * @param shmemPmdMapped shmem mapped by a PMD
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Smaps(long size, long rss, long anonymous, long anonHugePages, long shmemPmdMapped) {
}
