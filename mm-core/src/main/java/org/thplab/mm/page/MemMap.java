package org.thplab.mm.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The state of every page frame ({@code struct page}, mem_map) as parallel primitive
 * arrays indexed by pfn, allocated a chunk at a time on first touch, so that memory
 * never touched costs nothing.
 *
 * <pre>
 * per frame     bytes  meaning
 * flags           4    {@link PageFlags} bits
 * refcount        4    _refcount
 * mapcount        4    _mapcount + 1: PTE mappings of this frame
 * mapping         4    id of the owning address_space or anon_vma (0: none)
 * index           8    page offset in the mapping; a free block's slot on its free list
 * priv            8    the union of struct page's private words: team_usage on a team head,
 *                      compound_mapcount on a THP head, the order of a free block
 * content         1    the byte 'write' stores and 'verify' checks
 * owner           4    the mount whose filesystem allocated the frame (0: the core); what a
 *                      plugin's {@code Pages} may touch and whom a leaked reference is blamed on
 * </pre>
 *
 * <p>Thread safety: refcounts, mapcounts, flags and priv change atomically; the other
 * fields are written under the lock that owns the page (the page lock, or the
 * allocator's lock for free pages).
 */
public final class MemMap {

    /** log2 of frames per chunk: 64 Ki frames, about 2 MiB of state. */
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_FRAMES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_FRAMES - 1;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    /** The arrays of one chunk of frames. */
    private static final class Chunk {
        final int[] flags = new int[CHUNK_FRAMES];
        final int[] refcount = new int[CHUNK_FRAMES];
        final int[] mapcount = new int[CHUNK_FRAMES];
        final int[] mapping = new int[CHUNK_FRAMES];
        final long[] index = new long[CHUNK_FRAMES];
        final long[] priv = new long[CHUNK_FRAMES];
        final byte[] content = new byte[CHUNK_FRAMES];
        final int[] owner = new int[CHUNK_FRAMES];
    }

    private final long frames;
    private final AtomicReferenceArray<Chunk> chunks;

    /**
     * A map of {@code frames} page frames, none of them touched yet.
     *
     * @throws IllegalArgumentException if {@code frames} is not positive or needs more chunks than an array holds
     */
    public MemMap(long frames) {
        long n = (frames + CHUNK_MASK) >>> CHUNK_SHIFT;
        if (frames <= 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frames = " + frames + ": expected 1 to " + ((long) (Integer.MAX_VALUE - 8) << CHUNK_SHIFT));
        }
        this.frames = frames;
        this.chunks = new AtomicReferenceArray<>((int) n);
    }

    /** The number of frames. */
    public long frames() {
        return frames;
    }

    /** The number of chunks whose state has been allocated: what the map costs. */
    public int touchedChunks() {
        int n = 0;
        for (int i = 0; i < chunks.length(); i++) {
            if (chunks.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether {@code pfn}'s chunk has state; untouched frames read as all zero. */
    public boolean touched(long pfn) {
        return chunks.get(chunkOf(pfn)) != null;
    }

    private int chunkOf(long pfn) {
        if (pfn < 0 || pfn >= frames) {
            throw new IndexOutOfBoundsException(String.format("pfn %#x outside memory of %#x frames", pfn, frames));
        }
        return (int) (pfn >>> CHUNK_SHIFT);
    }

    /** The chunk of {@code pfn}, allocated now if it was never touched. */
    private Chunk chunk(long pfn) {
        int i = chunkOf(pfn);
        Chunk c = chunks.get(i);
        if (c == null) {
            chunks.compareAndSet(i, null, new Chunk());
            c = chunks.get(i);
        }
        return c;
    }

    private static int slot(long pfn) {
        return (int) (pfn & CHUNK_MASK);
    }

    // ------------------------------------------------------------------ flags

    /** All flag bits of {@code pfn}. */
    public int flags(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : (int) INTS.getVolatile(c.flags, slot(pfn));
    }

    /** Whether all of {@code mask} is set on {@code pfn}. */
    public boolean test(long pfn, int mask) {
        return (flags(pfn) & mask) == mask;
    }

    /** Sets {@code mask}; returns the flags before. */
    public int set(long pfn, int mask) {
        return (int) INTS.getAndBitwiseOr(chunk(pfn).flags, slot(pfn), mask);
    }

    /** Clears {@code mask}; returns the flags before. */
    public int clear(long pfn, int mask) {
        return (int) INTS.getAndBitwiseAnd(chunk(pfn).flags, slot(pfn), ~mask);
    }

    /** trylock_page(): sets PG_locked if it was clear; true if this call locked it. */
    public boolean trylockPage(long pfn) {
        return (set(pfn, PageFlags.LOCKED) & PageFlags.LOCKED) == 0;
    }

    /** unlock_page(). */
    public void unlockPage(long pfn) {
        if ((clear(pfn, PageFlags.LOCKED) & PageFlags.LOCKED) == 0) {
            throw new IllegalStateException(String.format("unlock_page of pfn %#x, which was not locked", pfn));
        }
    }

    // ------------------------------------------------------------------ counts

    /** page_ref_count(). */
    public int refcount(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : (int) INTS.getVolatile(c.refcount, slot(pfn));
    }

    /** set_page_count(). */
    public void setRefcount(long pfn, int count) {
        INTS.setVolatile(chunk(pfn).refcount, slot(pfn), count);
    }

    /** page_ref_add(): returns the new count. */
    public int addRefcount(long pfn, int delta) {
        return (int) INTS.getAndAdd(chunk(pfn).refcount, slot(pfn), delta) + delta;
    }

    /** page_mapcount() of one frame: its PTE mappings. */
    public int mapcount(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : (int) INTS.getVolatile(c.mapcount, slot(pfn));
    }

    /** Adds {@code delta} PTE mappings; returns the new count. */
    public int addMapcount(long pfn, int delta) {
        return (int) INTS.getAndAdd(chunk(pfn).mapcount, slot(pfn), delta) + delta;
    }

    // ------------------------------------------------------------------ mapping, index, private, content

    /** The id of the address space or anon_vma owning the page; 0 for none. */
    public int mapping(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : c.mapping[slot(pfn)];
    }

    /** Sets the owner id. */
    public void setMapping(long pfn, int mapping) {
        chunk(pfn).mapping[slot(pfn)] = mapping;
    }

    /** page->index. */
    public long index(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : c.index[slot(pfn)];
    }

    /** Sets page->index. */
    public void setIndex(long pfn, long index) {
        chunk(pfn).index[slot(pfn)] = index;
    }

    /** The private word (team_usage, compound_mapcount or buddy order, by the page's kind). */
    public long priv(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : (long) LONGS.getVolatile(c.priv, slot(pfn));
    }

    /** Sets the private word. */
    public void setPriv(long pfn, long value) {
        LONGS.setVolatile(chunk(pfn).priv, slot(pfn), value);
    }

    /** Atomically adds to the private word; returns the new value. */
    public long addPriv(long pfn, long delta) {
        return (long) LONGS.getAndAdd(chunk(pfn).priv, slot(pfn), delta) + delta;
    }

    /** The content byte. */
    public byte content(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : c.content[slot(pfn)];
    }

    /** Stores the content byte. */
    public void setContent(long pfn, byte value) {
        chunk(pfn).content[slot(pfn)] = value;
    }

    /** The mount that allocated the frame for its filesystem; 0 for the core's own frames. */
    public int owner(long pfn) {
        Chunk c = chunks.get(chunkOf(pfn));
        return c == null ? 0 : c.owner[slot(pfn)];
    }

    /** Records the mount that allocated the frame (written by the allocating thread before it hands the pfn out). */
    public void setOwner(long pfn, int owner) {
        chunk(pfn).owner[slot(pfn)] = owner;
    }

    /**
     * Resets every field of {@code pfn} (a page returning to the allocator). Release stores,
     * not volatile ones: nobody else may use a page being freed, and the allocator's lock
     * publishes the state to whoever allocates it next.
     */
    public void reset(long pfn) {
        Chunk c = chunk(pfn);
        int s = slot(pfn);
        INTS.setRelease(c.flags, s, 0);
        INTS.setRelease(c.refcount, s, 0);
        INTS.setRelease(c.mapcount, s, 0);
        c.mapping[s] = 0;
        c.index[s] = 0;
        LONGS.setRelease(c.priv, s, 0L);
        c.content[s] = 0;
        c.owner[s] = 0;
    }
}
