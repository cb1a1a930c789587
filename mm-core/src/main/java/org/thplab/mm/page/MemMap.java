package org.thplab.mm.page;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The state of every page frame ({@code struct page}, mem_map), by pfn, allocated a chunk
 * at a time on first touch, so that memory never touched costs nothing; within a chunk, a
 * PMD-sized block whose tail frames all agree costs one record ({@link FrameChunk}), so a
 * huge page costs about 90 bytes instead of 37 per frame until something needs its frames
 * apart.
 *
 * <pre>
 * per frame     meaning
 * flags         {@link PageFlags} bits
 * refcount      _refcount
 * mapcount      _mapcount + 1: PTE mappings of this frame
 * mapping       id of the owning address_space or anon_vma (0: none)
 * index         page offset in the mapping; a free block's slot on its free list
 * priv          the union of struct page's private words: team_usage on a team head,
 *               compound_mapcount on a THP head, the order of a free block
 * content       the byte 'write' stores and 'verify' checks
 * owner         the mount whose filesystem allocated the frame (0: the core); what a
 *               plugin's {@code Pages} may touch and whom a leaked reference is blamed on
 * </pre>
 *
 * <p>The range operations ({@code ...Range}, {@code count...}) are how per-subpage work is
 * done in bulk: a range covering a block's tails changes its template and nothing else.
 *
 * <p>Thread safety: refcounts, mapcounts, flags and priv change atomically; the other
 * fields are written under the lock that owns the page (the page lock, or the
 * allocator's lock for free pages).
 */
public final class MemMap {

    /** log2 of frames per chunk: 64 Ki frames. */
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_FRAMES = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_FRAMES - 1;
    /** The block size when none is given: x86_64's 512 frames. */
    private static final int DEFAULT_BLOCK_SHIFT = 9;

    private final long frames;
    private final int blockShift;
    private final AtomicReferenceArray<FrameChunk> chunks;
    private final TailsPool pool = new TailsPool();

    /** A map of {@code frames} page frames in blocks of 512, none of them touched yet. */
    public MemMap(long frames) {
        this(frames, DEFAULT_BLOCK_SHIFT);
    }

    /**
     * A map of {@code frames} page frames, none of them touched yet, whose state is kept
     * compact per block of 2^blockShift frames (HPAGE_PMD_ORDER).
     *
     * @throws IllegalArgumentException if {@code frames} is not positive or needs more chunks
     *         than an array holds, or {@code blockShift} is outside 1..16
     */
    public MemMap(long frames, int blockShift) {
        long n = (frames + CHUNK_MASK) >>> CHUNK_SHIFT;
        if (frames <= 0 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frames = " + frames + ": expected 1 to " + ((long) (Integer.MAX_VALUE - 8) << CHUNK_SHIFT));
        }
        if (blockShift < 1 || blockShift > CHUNK_SHIFT) {
            throw new IllegalArgumentException("blockShift = " + blockShift + ": expected 1 to " + CHUNK_SHIFT);
        }
        this.frames = frames;
        this.blockShift = blockShift;
        this.chunks = new AtomicReferenceArray<>((int) n);
    }

    /** The number of frames. */
    public long frames() {
        return frames;
    }

    /** Frames per block whose tails may share one record. */
    public int blockFrames() {
        return 1 << blockShift;
    }

    /** The number of chunks whose state has been allocated. */
    public int touchedChunks() {
        int n = 0;
        for (int i = 0; i < chunks.length(); i++) {
            if (chunks.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    /** The number of blocks whose tails have per-frame state: with {@link #touchedChunks()}, what the map costs. */
    public long materializedBlocks() {
        long n = 0;
        for (int i = 0; i < chunks.length(); i++) {
            FrameChunk c = chunks.get(i);
            n += c == null ? 0 : c.materializedBlocks();
        }
        return n;
    }

    /** Whether the block holding {@code pfn} keeps per-frame state for its tails. */
    public boolean materialized(long pfn) {
        FrameChunk c = chunks.get(chunkOf(pfn));
        return c != null && c.materialized(slot(pfn) >>> blockShift);
    }

    /** Whether {@code pfn}'s chunk has state; untouched frames read as all zero. */
    public boolean touched(long pfn) {
        return chunks.get(chunkOf(pfn)) != null;
    }

    /** The first frame of the chunk after {@code pfn}'s: where a walk skipping untouched memory goes on. */
    public static long nextChunk(long pfn) {
        return (pfn | CHUNK_MASK) + 1;
    }

    private int chunkOf(long pfn) {
        if (pfn < 0 || pfn >= frames) {
            throw new IndexOutOfBoundsException(String.format("pfn %#x outside memory of %#x frames", pfn, frames));
        }
        return (int) (pfn >>> CHUNK_SHIFT);
    }

    /** The chunk of {@code pfn}, allocated now if it was never touched. */
    private FrameChunk chunk(long pfn) {
        int i = chunkOf(pfn);
        FrameChunk c = chunks.get(i);
        if (c == null) {
            chunks.compareAndSet(i, null, new FrameChunk(CHUNK_FRAMES, blockShift, pool));
            c = chunks.get(i);
        }
        return c;
    }

    private FrameChunk read(long pfn) {
        return chunks.get(chunkOf(pfn));
    }

    private static int slot(long pfn) {
        return (int) (pfn & CHUNK_MASK);
    }

    private int readInt(int field, long pfn) {
        FrameChunk c = read(pfn);
        return c == null ? 0 : c.getInt(field, slot(pfn));
    }

    private long readLong(int field, long pfn) {
        FrameChunk c = read(pfn);
        return c == null ? 0 : c.getLong(field, slot(pfn));
    }

    // ------------------------------------------------------------------ flags

    /** All flag bits of {@code pfn}. */
    public int flags(long pfn) {
        return readInt(FrameChunk.FLAGS, pfn);
    }

    /** Whether all of {@code mask} is set on {@code pfn}. */
    public boolean test(long pfn, int mask) {
        return (flags(pfn) & mask) == mask;
    }

    /** Sets {@code mask}; returns the flags before. */
    public int set(long pfn, int mask) {
        return chunk(pfn).modifyInt(FrameChunk.FLAGS, slot(pfn), FrameChunk.OR, mask);
    }

    /** Clears {@code mask}; returns the flags before. */
    public int clear(long pfn, int mask) {
        return chunk(pfn).modifyInt(FrameChunk.FLAGS, slot(pfn), FrameChunk.AND_NOT, mask);
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
        return readInt(FrameChunk.REFCOUNT, pfn);
    }

    /** set_page_count(). */
    public void setRefcount(long pfn, int count) {
        chunk(pfn).modifyInt(FrameChunk.REFCOUNT, slot(pfn), FrameChunk.SET, count);
    }

    /** page_ref_add(): returns the new count. */
    public int addRefcount(long pfn, int delta) {
        return chunk(pfn).modifyInt(FrameChunk.REFCOUNT, slot(pfn), FrameChunk.ADD, delta) + delta;
    }

    /** page_mapcount() of one frame: its PTE mappings. */
    public int mapcount(long pfn) {
        return readInt(FrameChunk.MAPCOUNT, pfn);
    }

    /** Adds {@code delta} PTE mappings; returns the new count. */
    public int addMapcount(long pfn, int delta) {
        return chunk(pfn).modifyInt(FrameChunk.MAPCOUNT, slot(pfn), FrameChunk.ADD, delta) + delta;
    }

    // ------------------------------------------------------------------ mapping, index, private, content

    /** The id of the address space or anon_vma owning the page; 0 for none. */
    public int mapping(long pfn) {
        return readInt(FrameChunk.MAPPING, pfn);
    }

    /** Sets the owner id. */
    public void setMapping(long pfn, int mapping) {
        chunk(pfn).modifyInt(FrameChunk.MAPPING, slot(pfn), FrameChunk.SET, mapping);
    }

    /** page->index. */
    public long index(long pfn) {
        return readLong(FrameChunk.INDEX, pfn);
    }

    /** Sets page->index. */
    public void setIndex(long pfn, long index) {
        chunk(pfn).modifyLong(FrameChunk.INDEX, slot(pfn), false, index);
    }

    /** The private word (team_usage, compound_mapcount or buddy order, by the page's kind). */
    public long priv(long pfn) {
        return readLong(FrameChunk.PRIV, pfn);
    }

    /** Sets the private word. */
    public void setPriv(long pfn, long value) {
        chunk(pfn).modifyLong(FrameChunk.PRIV, slot(pfn), false, value);
    }

    /** Atomically adds to the private word; returns the new value. */
    public long addPriv(long pfn, long delta) {
        return chunk(pfn).modifyLong(FrameChunk.PRIV, slot(pfn), true, delta);
    }

    /** The content byte. */
    public byte content(long pfn) {
        FrameChunk c = read(pfn);
        return c == null ? 0 : c.content(slot(pfn));
    }

    /** Stores the content byte. */
    public void setContent(long pfn, byte value) {
        chunk(pfn).setContent(slot(pfn), value);
    }

    /** The mount that allocated the frame for its filesystem; 0 for the core's own frames. */
    public int owner(long pfn) {
        return readInt(FrameChunk.OWNER, pfn);
    }

    /** Records the mount that allocated the frame (written by the allocating thread before it hands the pfn out). */
    public void setOwner(long pfn, int owner) {
        chunk(pfn).modifyInt(FrameChunk.OWNER, slot(pfn), FrameChunk.SET, owner);
    }

    /**
     * Resets every field of {@code pfn} (a page returning to the allocator). Nobody else may
     * use a page being freed, and the allocator's lock publishes the state to whoever
     * allocates it next.
     */
    public void reset(long pfn) {
        chunk(pfn).reset(slot(pfn));
    }

    // ------------------------------------------------------------------ ranges
    //
    // Each walks the range a chunk at a time with plain loops (no lambdas: the fault paths
    // call these and must not allocate).

    private void checkRange(long pfn, long n) {
        chunkOf(pfn);
        chunkOf(pfn + Math.max(n, 1) - 1);
    }

    /** The length of the part of {@code [p, end)} inside {@code p}'s chunk. */
    private static int piece(long p, long end) {
        return (int) Math.min(end - p, CHUNK_FRAMES - slot(p));
    }

    private void modifyIntRange(int field, long pfn, long n, int op, int v) {
        checkRange(pfn, n);
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            chunk(p).modifyIntRange(field, slot(p), len, op, v);
            p += len;
        }
    }

    /** Sets {@code mask} on every frame of {@code [pfn, pfn + n)}. */
    public void setRange(long pfn, long n, int mask) {
        modifyIntRange(FrameChunk.FLAGS, pfn, n, FrameChunk.OR, mask);
    }

    /** Clears {@code mask} on every frame of {@code [pfn, pfn + n)}. */
    public void clearRange(long pfn, long n, int mask) {
        modifyIntRange(FrameChunk.FLAGS, pfn, n, FrameChunk.AND_NOT, mask);
    }

    /** set_page_count() of every frame of {@code [pfn, pfn + n)}. */
    public void setRefcountRange(long pfn, long n, int count) {
        modifyIntRange(FrameChunk.REFCOUNT, pfn, n, FrameChunk.SET, count);
    }

    /** Adds {@code delta} to the mapcount of every frame of {@code [pfn, pfn + n)}. */
    public void addMapcountRange(long pfn, long n, int delta) {
        modifyIntRange(FrameChunk.MAPCOUNT, pfn, n, FrameChunk.ADD, delta);
    }

    /** Sets the owner id of every frame of {@code [pfn, pfn + n)}. */
    public void setMappingRange(long pfn, long n, int mapping) {
        modifyIntRange(FrameChunk.MAPPING, pfn, n, FrameChunk.SET, mapping);
    }

    /** Records {@code owner} as the allocating mount of every frame of {@code [pfn, pfn + n)}; a whole block's tails change its template only. */
    public void setOwnerRange(long pfn, long n, int owner) {
        modifyIntRange(FrameChunk.OWNER, pfn, n, FrameChunk.SET, owner);
    }

    /** Whether every frame of {@code [pfn, pfn + n)} was allocated by {@code owner}: one comparison per compact block. */
    public boolean ownedBy(long pfn, long n, int owner) {
        return countInt(FrameChunk.OWNER, pfn, n, -1, owner) == n;
    }

    /** Sets page->index of {@code [pfn, pfn + n)} to {@code first}, {@code first + 1}, ... */
    public void setIndexRange(long pfn, long n, long first) {
        checkRange(pfn, n);
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            chunk(p).setIndexRange(slot(p), len, first + (p - pfn));
            p += len;
        }
    }

    /** Stores the content byte in every frame of {@code [pfn, pfn + n)}. */
    public void setContentRange(long pfn, long n, byte value) {
        checkRange(pfn, n);
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            chunk(p).setContentRange(slot(p), len, value);
            p += len;
        }
    }

    /** How many frames of {@code [pfn, pfn + n)} do not hold {@code value} (what verify counts). */
    public long countContentNot(long pfn, long n, byte value) {
        checkRange(pfn, n);
        long count = 0;
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            FrameChunk c = read(p);
            count += c == null ? (value != 0 ? len : 0) : c.countContentNot(slot(p), len, value);
            p += len;
        }
        return count;
    }

    /** How many frames of {@code [pfn, pfn + n)} have {@code (field & mask) == value}. */
    private long countInt(int field, long pfn, long n, int mask, int value) {
        checkRange(pfn, n);
        long count = 0;
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            FrameChunk c = read(p);
            count += c == null ? (value == 0 ? len : 0) : c.countInt(field, slot(p), len, mask, value);
            p += len;
        }
        return count;
    }

    /** How many frames of {@code [pfn, pfn + n)} carry all of {@code mask}. */
    public long countFlagged(long pfn, long n, int mask) {
        return countInt(FrameChunk.FLAGS, pfn, n, mask, mask);
    }

    /** How many frames of {@code [pfn, pfn + n)} carry any of {@code mask}. */
    public long countWithAny(long pfn, long n, int mask) {
        return n - countInt(FrameChunk.FLAGS, pfn, n, mask, 0);
    }

    /** How many frames of {@code [pfn, pfn + n)} have a refcount of zero. */
    public long countUnreferenced(long pfn, long n) {
        return countInt(FrameChunk.REFCOUNT, pfn, n, -1, 0);
    }

    /** How many frames of {@code [pfn, pfn + n)} have a mapcount of zero. */
    public long countUnmapped(long pfn, long n) {
        return countInt(FrameChunk.MAPCOUNT, pfn, n, -1, 0);
    }

    /** The largest mapcount of a frame of {@code [pfn, pfn + n)} (0 for an empty range). */
    public int maxMapcount(long pfn, long n) {
        checkRange(pfn, n);
        int most = 0;
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            FrameChunk c = read(p);
            most = Math.max(most, c == null ? 0 : c.maxInt(FrameChunk.MAPCOUNT, slot(p), len));
            p += len;
        }
        return most;
    }

    /**
     * The first frame of {@code [pfn, pfn + n)} that is free (PageBuddy), referenced or
     * mapped, or -1: what __free_pages checks of a block before taking it back. A compact
     * block is answered by its head and template.
     */
    public long firstBusy(long pfn, long n) {
        if (countInt(FrameChunk.FLAGS, pfn, n, PageFlags.BUDDY, 0) == n
                && countInt(FrameChunk.REFCOUNT, pfn, n, -1, 0) == n
                && countInt(FrameChunk.MAPCOUNT, pfn, n, -1, 0) == n) {
            return -1;
        }
        for (long p = pfn; p < pfn + n; p++) {
            if (test(p, PageFlags.BUDDY) || refcount(p) != 0 || mapcount(p) != 0) {
                return p;
            }
        }
        return -1;
    }

    /** Resets every frame of {@code [pfn, pfn + n)}; whole blocks become compact again. */
    public void resetRange(long pfn, long n) {
        checkRange(pfn, n);
        for (long p = pfn, end = pfn + n; p < end; ) {
            int len = piece(p, end);
            chunk(p).resetRange(slot(p), len);
            p += len;
        }
    }
}
