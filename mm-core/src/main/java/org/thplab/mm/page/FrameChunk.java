package org.thplab.mm.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one chunk of frames, folio-style: the chunk is cut into blocks of
 * 2^blockShift frames (a PMD-sized huge page each). A block's first frame (its head) always
 * has fields of its own; its other frames (its tails) are either <em>compact</em>, all
 * derived from one tail template, or <em>materialized</em> into per-frame arrays. A write
 * that would make one tail differ from the template materializes the block; a write of the
 * same value to every tail (a range covering them all) changes only the template. So a huge
 * page costs one record until something needs its pages apart, as a kernel folio does.
 *
 * <pre>
 * tail k of a compact block b (1 &lt;= k &lt; blockFrames):
 *   flags, refcount, mapcount, mapping, owner, priv, content = the template's
 *   index = template index + (indexStep[b] ? k : 0)
 * </pre>
 *
 * <p>Thread safety: head fields and materialized tails change by atomic operations, as
 * before. The template changes, and a block materializes, only under the block's spin lock,
 * so a whole-tail update never races a materialization; readers need no lock.
 */
final class FrameChunk {
    static final int FLAGS = 0;
    static final int REFCOUNT = 1;
    static final int MAPCOUNT = 2;
    static final int MAPPING = 3;
    /** The mount that allocated the frame (0: the core). */
    static final int OWNER = 4;
    static final int INT_FIELDS = 5;
    static final int INDEX = 0;
    static final int PRIV = 1;
    static final int LONG_FIELDS = 2;

    /** How an int field is changed. */
    static final int SET = 0;
    static final int ADD = 1;
    static final int OR = 2;
    static final int AND_NOT = 3;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle TAILS = MethodHandles.arrayElementVarHandle(BlockTails[].class);

    private final int shift;
    private final int blockFrames;
    private final int mask;
    private final TailsPool pool;
    private final int[][] headInts;
    private final long[][] headLongs;
    private final byte[] headContent;
    private final int[][] tmplInts;
    private final long[][] tmplLongs;
    private final boolean[] indexStep;
    private final byte[] tmplContent;
    private final BlockTails[] tails;
    private final int[] locks;

    FrameChunk(int frames, int blockShift, TailsPool pool) {
        this.shift = blockShift;
        this.blockFrames = 1 << blockShift;
        this.mask = blockFrames - 1;
        this.pool = pool;
        int blocks = frames >>> blockShift;
        headInts = new int[INT_FIELDS][blocks];
        headLongs = new long[LONG_FIELDS][blocks];
        headContent = new byte[blocks];
        tmplInts = new int[INT_FIELDS][blocks];
        tmplLongs = new long[LONG_FIELDS][blocks];
        indexStep = new boolean[blocks];
        tmplContent = new byte[blocks];
        tails = new BlockTails[blocks];
        locks = new int[blocks];
    }

    // ------------------------------------------------------------------ blocks

    private BlockTails tails(int b) {
        return (BlockTails) TAILS.getAcquire(tails, b);
    }

    /** Whether block {@code b}'s tails have per-frame state. */
    boolean materialized(int b) {
        return tails(b) != null;
    }

    /** The number of materialized blocks. */
    int materializedBlocks() {
        int n = 0;
        for (int b = 0; b < tails.length; b++) {
            n += tails(b) != null ? 1 : 0;
        }
        return n;
    }

    private void lock(int b) {
        while (!INTS.compareAndSet(locks, b, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlock(int b) {
        INTS.setRelease(locks, b, 0);
    }

    /** The block's tails as per-frame arrays, derived from the template the first time. */
    private BlockTails materialize(int b) {
        BlockTails t = tails(b);
        if (t != null) {
            return t;
        }
        lock(b);
        try {
            t = tails(b);
            if (t == null) {
                t = pool.take(blockFrames);
                for (int f = 0; f < INT_FIELDS; f++) {
                    java.util.Arrays.fill(t.ints[f], 1, blockFrames, tmplInts[f][b]);
                }
                long base = tmplLongs[INDEX][b];
                if (indexStep[b]) {
                    for (int k = 1; k < blockFrames; k++) {
                        t.longs[INDEX][k] = base + k;
                    }
                } else {
                    java.util.Arrays.fill(t.longs[INDEX], 1, blockFrames, base);
                }
                java.util.Arrays.fill(t.longs[PRIV], 1, blockFrames, tmplLongs[PRIV][b]);
                java.util.Arrays.fill(t.content, 1, blockFrames, tmplContent[b]);
                TAILS.setRelease(tails, b, t);
            }
            return t;
        } finally {
            unlock(b);
        }
    }

    // ------------------------------------------------------------------ int fields

    int getInt(int f, int s) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            return (int) INTS.getVolatile(headInts[f], b);
        }
        BlockTails t = tails(b);
        return t != null ? (int) INTS.getVolatile(t.ints[f], k) : (int) INTS.getVolatile(tmplInts[f], b);
    }

    private static int apply(int op, int cur, int v) {
        return switch (op) {
            case SET -> v;
            case ADD -> cur + v;
            case OR -> cur | v;
            default -> cur & ~v;
        };
    }

    /** Changes {@code a[i]} atomically; returns the value before, except for SET (a plain volatile store: 0). */
    private static int atomic(int[] a, int i, int op, int v) {
        return switch (op) {
            case SET -> {
                INTS.setVolatile(a, i, v);
                yield 0;
            }
            case ADD -> (int) INTS.getAndAdd(a, i, v);
            case OR -> (int) INTS.getAndBitwiseOr(a, i, v);
            default -> (int) INTS.getAndBitwiseAnd(a, i, ~v);
        };
    }

    /** Changes one frame's int field atomically; returns the value before (nothing meaningful for SET). */
    int modifyInt(int f, int s, int op, int v) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            return atomic(headInts[f], b, op, v);
        }
        BlockTails t = tails(b);
        if (t == null) {
            int cur = (int) INTS.getVolatile(tmplInts[f], b);
            if (apply(op, cur, v) == cur) {
                return cur; // no change: the block stays compact
            }
            t = materialize(b);
        }
        return atomic(t.ints[f], k, op, v);
    }

    /** Changes an int field of frames {@code [s, s + n)} of this chunk; whole tail ranges change the template. */
    void modifyIntRange(int f, int s, int n, int op, int v) {
        int end = s + n;
        while (s < end) {
            int b = s >>> shift;
            int k = s & mask;
            int stop = Math.min(end, (b + 1) << shift);
            if (k == 0) {
                atomic(headInts[f], b, op, v);
                s++;
                k = 1;
            }
            if (k == 1 && stop == (b + 1) << shift) {
                lock(b);
                try {
                    BlockTails t = tails(b);
                    if (t == null) {
                        INTS.setVolatile(tmplInts[f], b, apply(op, tmplInts[f][b], v));
                    } else {
                        for (int j = 1; j < blockFrames; j++) {
                            atomic(t.ints[f], j, op, v);
                        }
                    }
                } finally {
                    unlock(b);
                }
            } else {
                for (int j = s; j < stop; j++) {
                    modifyInt(f, j, op, v);
                }
            }
            s = stop;
        }
    }

    /** How many frames of {@code [s, s + n)} have {@code (field & maskBits) == value}. */
    int countInt(int f, int s, int n, int maskBits, int value) {
        int end = s + n;
        int count = 0;
        while (s < end) {
            int b = s >>> shift;
            int k = s & mask;
            int stop = Math.min(end, (b + 1) << shift);
            if (k == 0) {
                count += (getInt(f, s) & maskBits) == value ? 1 : 0;
                s++;
            }
            BlockTails t = tails(b);
            if (t == null) {
                count += ((int) INTS.getVolatile(tmplInts[f], b) & maskBits) == value ? stop - s : 0;
            } else {
                for (int j = s; j < stop; j++) {
                    count += ((int) INTS.getVolatile(t.ints[f], j & mask) & maskBits) == value ? 1 : 0;
                }
            }
            s = stop;
        }
        return count;
    }

    /** The largest value of an int field over {@code [s, s + n)}. */
    int maxInt(int f, int s, int n) {
        int end = s + n;
        int most = Integer.MIN_VALUE;
        while (s < end) {
            int b = s >>> shift;
            int stop = Math.min(end, (b + 1) << shift);
            if ((s & mask) == 0) {
                most = Math.max(most, getInt(f, s));
                s++;
            }
            BlockTails t = tails(b);
            if (t == null) {
                most = s < stop ? Math.max(most, (int) INTS.getVolatile(tmplInts[f], b)) : most;
            } else {
                for (int j = s; j < stop; j++) {
                    most = Math.max(most, (int) INTS.getVolatile(t.ints[f], j & mask));
                }
            }
            s = stop;
        }
        return most;
    }

    // ------------------------------------------------------------------ long fields

    long getLong(int f, int s) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            return (long) LONGS.getVolatile(headLongs[f], b);
        }
        BlockTails t = tails(b);
        if (t != null) {
            return (long) LONGS.getVolatile(t.longs[f], k);
        }
        long base = (long) LONGS.getVolatile(tmplLongs[f], b);
        return f == INDEX && indexStep[b] ? base + k : base;
    }

    /** Sets ({@code add} false) or adds to one frame's long field; returns the value after. */
    long modifyLong(int f, int s, boolean add, long v) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            return add ? (long) LONGS.getAndAdd(headLongs[f], b, v) + v : setLong(headLongs[f], b, v);
        }
        BlockTails t = tails(b);
        if (t == null) {
            long cur = getLong(f, s);
            if ((add ? cur + v : v) == cur) {
                return cur;
            }
            t = materialize(b);
        }
        return add ? (long) LONGS.getAndAdd(t.longs[f], k, v) + v : setLong(t.longs[f], k, v);
    }

    private static long setLong(long[] a, int i, long v) {
        LONGS.setVolatile(a, i, v);
        return v;
    }

    /** Sets page->index of {@code [s, s + n)} to {@code first}, {@code first + 1}, ... */
    void setIndexRange(int s, int n, long first) {
        int end = s + n;
        long indexOfS0 = first - s; // index(j) = indexOfS0 + j
        while (s < end) {
            int b = s >>> shift;
            int stop = Math.min(end, (b + 1) << shift);
            if ((s & mask) == 0) {
                setLong(headLongs[INDEX], b, indexOfS0 + s);
                s++;
            }
            if ((s & mask) == 1 && stop == (b + 1) << shift) {
                lock(b);
                try {
                    BlockTails t = tails(b);
                    if (t == null) {
                        indexStep[b] = true;
                        LONGS.setVolatile(tmplLongs[INDEX], b, indexOfS0 + ((long) b << shift));
                    } else {
                        for (int j = s; j < stop; j++) {
                            setLong(t.longs[INDEX], j & mask, indexOfS0 + j);
                        }
                    }
                } finally {
                    unlock(b);
                }
            } else {
                for (int j = s; j < stop; j++) {
                    modifyLong(INDEX, j, false, indexOfS0 + j);
                }
            }
            s = stop;
        }
    }

    // ------------------------------------------------------------------ content

    byte content(int s) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            return headContent[b];
        }
        BlockTails t = tails(b);
        return t != null ? t.content[k] : tmplContent[b];
    }

    void setContent(int s, byte v) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            headContent[b] = v;
            return;
        }
        BlockTails t = tails(b);
        if (t == null) {
            if (tmplContent[b] == v) {
                return;
            }
            t = materialize(b);
        }
        t.content[k] = v;
    }

    /** Stores {@code v} in frames {@code [s, s + n)}; whole tail ranges change only the template. */
    void setContentRange(int s, int n, byte v) {
        int end = s + n;
        while (s < end) {
            int b = s >>> shift;
            int stop = Math.min(end, (b + 1) << shift);
            if ((s & mask) == 0) {
                headContent[b] = v;
                s++;
            }
            if ((s & mask) == 1 && stop == (b + 1) << shift) {
                lock(b);
                try {
                    BlockTails t = tails(b);
                    if (t == null) {
                        tmplContent[b] = v;
                    } else {
                        java.util.Arrays.fill(t.content, 1, blockFrames, v);
                    }
                } finally {
                    unlock(b);
                }
            } else {
                for (int j = s; j < stop; j++) {
                    setContent(j, v);
                }
            }
            s = stop;
        }
    }

    /** How many frames of {@code [s, s + n)} do not hold {@code v}. */
    int countContentNot(int s, int n, byte v) {
        int end = s + n;
        int count = 0;
        while (s < end) {
            int b = s >>> shift;
            int stop = Math.min(end, (b + 1) << shift);
            if ((s & mask) == 0) {
                count += headContent[b] != v ? 1 : 0;
                s++;
            }
            BlockTails t = tails(b);
            if (t == null) {
                count += tmplContent[b] != v ? stop - s : 0;
            } else {
                for (int j = s; j < stop; j++) {
                    count += t.content[j & mask] != v ? 1 : 0;
                }
            }
            s = stop;
        }
        return count;
    }

    // ------------------------------------------------------------------ reset

    /** Resets every field of one frame to zero (a frame going back to the allocator). */
    void reset(int s) {
        int b = s >>> shift;
        int k = s & mask;
        if (k == 0) {
            for (int f = 0; f < INT_FIELDS; f++) {
                INTS.setRelease(headInts[f], b, 0);
            }
            for (int f = 0; f < LONG_FIELDS; f++) {
                LONGS.setRelease(headLongs[f], b, 0L);
            }
            headContent[b] = 0;
            return;
        }
        BlockTails t = tails(b);
        if (t == null) {
            if (compactZero(b)) {
                return; // a clean compact tail is already all zero
            }
            t = materialize(b);
        }
        for (int f = 0; f < INT_FIELDS; f++) {
            INTS.setRelease(t.ints[f], k, 0);
        }
        for (int f = 0; f < LONG_FIELDS; f++) {
            LONGS.setRelease(t.longs[f], k, 0L);
        }
        t.content[k] = 0;
    }

    private boolean compactZero(int b) {
        for (int f = 0; f < INT_FIELDS; f++) {
            if ((int) INTS.getVolatile(tmplInts[f], b) != 0) {
                return false;
            }
        }
        return (long) LONGS.getVolatile(tmplLongs[INDEX], b) == 0 && !indexStep[b]
                && (long) LONGS.getVolatile(tmplLongs[PRIV], b) == 0 && tmplContent[b] == 0;
    }

    /**
     * Resets frames {@code [s, s + n)}. A block reset whole becomes compact again (its tail
     * arrays go back to the pool): nobody else may use frames being freed.
     */
    void resetRange(int s, int n) {
        int end = s + n;
        while (s < end) {
            int b = s >>> shift;
            int stop = Math.min(end, (b + 1) << shift);
            if ((s & mask) == 0 && stop == (b + 1) << shift) {
                reset(s);
                lock(b);
                try {
                    for (int f = 0; f < INT_FIELDS; f++) {
                        INTS.setRelease(tmplInts[f], b, 0);
                    }
                    for (int f = 0; f < LONG_FIELDS; f++) {
                        LONGS.setRelease(tmplLongs[f], b, 0L);
                    }
                    indexStep[b] = false;
                    tmplContent[b] = 0;
                    BlockTails t = tails(b);
                    if (t != null) {
                        TAILS.setRelease(tails, b, null);
                        pool.give(t);
                    }
                } finally {
                    unlock(b);
                }
            } else {
                for (int j = s; j < stop; j++) {
                    reset(j);
                }
            }
            s = stop;
        }
    }
}
