package org.thplab.mm.memory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.page.PageRefs;
import org.thplab.mm.pgtable.PgtableAllocator;
import org.thplab.mm.plugin.PluginFailures;
import org.thplab.mm.stat.VmStat;

/**
 * Everything one simulated machine shares: its architecture, page state, allocators,
 * counters and the zero page. Passed explicitly, never a global.
 */
public final class Machine {
    /** The buddy allocator's largest order when the architecture's huge page is smaller (x86: MAX_ORDER 11). */
    private static final int DEFAULT_MAX_ORDER = 10;

    public final Architecture arch;
    public final Geometry g;
    public final MemMap map;
    public final BuddyAllocator buddy;
    public final PgtableAllocator pgtables;
    public final VmStat stat = new VmStat();
    /** The shared zero page (ZERO_PAGE): reserved, never freed, mapped by special PTEs. */
    public final long zeroPfn;
    public final PageRefs refs;
    public final PluginFailures pluginFailures;
    private final AtomicInteger ids = new AtomicInteger();

    public Machine(Architecture arch, long frames) {
        this.pluginFailures = new PluginFailures();
        this.arch = arch;
        this.g = arch.geometry();
        this.map = new MemMap(frames, g.hpagePmdOrder());
        this.buddy = new BuddyAllocator(map, Math.max(DEFAULT_MAX_ORDER, g.hpagePmdOrder()));
        this.pgtables = new PgtableAllocator(arch, map, buddy);
        this.refs = new PageRefs(map, buddy, stat, g.hpagePmdOrder());
        this.zeroPfn = buddy.allocPages(0);
        map.set(zeroPfn, PageFlags.RESERVED | PageFlags.UPTODATE);
    }

    /** A fresh id for an mm or an anon_vma. */
    public int nextId() {
        return ids.incrementAndGet();
    }

    /** compound_head(): see {@link PageRefs}. */
    public long compoundHead(long pfn) {
        return refs.compoundHead(pfn);
    }

    /** prep_compound_page(). */
    public void prepCompoundPage(long head) {
        refs.prepCompoundPage(head);
    }

    /** get_page(). */
    public void getPage(long pfn) {
        refs.getPage(pfn);
    }

    /** put_page(). */
    public void putPage(long pfn) {
        refs.putPage(pfn);
    }

    /** deferred_split_huge_page(). */
    public void deferredSplitHugePage(long head) {
        refs.deferredSplitHugePage(head);
    }

    /** Takes a THP off the deferred split queue. */
    public void dropFromDeferredSplit(long head) {
        refs.dropFromDeferredSplit(head);
    }

    /** The THPs waiting on the deferred split queue. */
    public Set<Long> deferredSplitQueue() {
        return refs.deferredSplitQueue();
    }
}
