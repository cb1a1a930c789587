package org.thplab.api.arch;

import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;

/**
 * An address space ({@code struct mm_struct}) as the architecture sees it: the mm-wide
 * page-table lock, the mm-wide deposit list anchor, and a sink for hardware-facing events.
 *
 * <p>Implemented by the core, never by a plugin.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Mm extends HugePteAnchor {

    /** {@code mm->page_table_lock}: the PMD lock where PMD locks are not split. */
    ReentrantLock pageTableLock();

    /**
     * Reports a hardware-facing effect over {@code [start, end)}; must not allocate or block.
     */
    void archEvent(ArchEvent event, long start, long end);
}
