package org.thplab.mm.pgtable;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;

/**
 * pte_alloc_one() and pte_free(): PTE tables are carved from frames of the buddy allocator,
 * one per frame on x86_64, {@link Geometry#pteTablesPerPage()} fragments per frame on
 * ppc64 (the frame's refcount counts its live fragments, and they share its lock).
 *
 * <p>PMD and upper tables are not drawn from simulated memory (the kernel takes ppc64's from
 * a slab); they get unique addresses so that they can be named in messages.
 */
public final class PgtableAllocator {
    private final Architecture arch;
    private final Geometry g;
    private final MemMap map;
    private final BuddyAllocator buddy;
    private final TableRegistry registry = new TableRegistry();
    private final AtomicLong pteTablePages = new AtomicLong();
    private final AtomicLong upperAddresses = new AtomicLong(1L << 62);
    /**
     * Freed tables kept for reuse where a table fills its frame (x86_64): each keeps its
     * entries array and its lock, so allocating a PTE table on a fault allocates nothing.
     */
    private final PteTableImpl[] spare = new PteTableImpl[256];
    private int spares;

    public PgtableAllocator(Architecture arch, MemMap map, BuddyAllocator buddy) {
        this.arch = arch;
        this.g = arch.geometry();
        this.map = map;
        this.buddy = buddy;
    }

    /** The fragments left in an mm's current fragment frame (mm->context.pte_frag). */
    public static final class FragmentCache {
        long pfn = BuddyAllocator.NO_PAGE;
        int next;
        ReentrantLock lock;
    }

    /**
     * pte_alloc_one(): a zeroed PTE table, or null when memory is exhausted.
     *
     * @param frags the mm's fragment cache (unused where a table fills its frame)
     */
    public synchronized PteTableImpl pteAllocOne(FragmentCache frags) {
        if (spares > 0 && frags.pfn == BuddyAllocator.NO_PAGE) {
            long pfn = buddy.allocPages(0);
            if (pfn == BuddyAllocator.NO_PAGE) {
                return null;
            }
            map.set(pfn, PageFlags.PAGETABLE); // the allocation's reference is the table's
            pteTablePages.incrementAndGet();
            PteTableImpl t = spare[--spares];
            spare[spares] = null;
            t.reuse(pfn << g.pageShift(), pfn);
            registry.add(t);
            return t;
        }
        if (frags.pfn == BuddyAllocator.NO_PAGE) {
            long pfn = buddy.allocPages(0);
            if (pfn == BuddyAllocator.NO_PAGE) {
                return null;
            }
            // The allocation's reference is the cache's own; each fragment adds one.
            map.set(pfn, PageFlags.PAGETABLE);
            pteTablePages.incrementAndGet();
            frags.pfn = pfn;
            frags.next = 0;
            frags.lock = new ReentrantLock();
        }
        map.addRefcount(frags.pfn, 1);
        long addr = (frags.pfn << g.pageShift()) + (long) frags.next * g.pteTableBytes();
        PteTableImpl t = new PteTableImpl(g.ptrsPerPte(), addr, frags.pfn, frags.lock);
        registry.add(t);
        if (++frags.next == g.pteTablesPerPage()) {
            dropFragments(frags);
        }
        return t;
    }

    /** Returns an mm's unused fragments (at exit): drops the cache's reference on its frame. */
    public synchronized void dropFragments(FragmentCache frags) {
        if (frags.pfn != BuddyAllocator.NO_PAGE) {
            putTablePage(frags.pfn);
            frags.pfn = BuddyAllocator.NO_PAGE;
        }
    }

    /** pte_free(): the table's frame loses one reference and is freed with its last fragment. */
    public synchronized void pteFree(PteTableImpl table) {
        registry.remove(table);
        putTablePage(table.pfn());
        if (g.pteTablesPerPage() == 1 && spares < spare.length) {
            spare[spares++] = table;
        }
    }

    private void putTablePage(long pfn) {
        if (map.addRefcount(pfn, -1) == 0) {
            map.clear(pfn, PageFlags.PAGETABLE);
            pteTablePages.decrementAndGet();
            buddy.freePages(pfn, 0);
        }
    }

    /** pmd_alloc_one(): an empty PMD table of the architecture's shape. */
    public PmdTableImpl pmdAllocOne() {
        return new PmdTableImpl(g.ptrsPerPmd(), g.pmdShadowHalf(), upperAddresses.getAndAdd(g.pmdTableBytes()),
                arch.pmd(), registry);
    }

    /** Frames holding PTE tables now (the PageTables line of meminfo, in frames). */
    public long pteTablePages() {
        return pteTablePages.get();
    }

    /** PTE tables alive now, deposited ones included. */
    public int liveTables() {
        return registry.size();
    }

    /** The table at {@code physAddress}, for code that holds only an entry's value. */
    public PteTableImpl pteTable(long physAddress) {
        return registry.pteTable(physAddress);
    }
}
