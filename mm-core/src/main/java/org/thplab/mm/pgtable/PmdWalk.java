package org.thplab.mm.pgtable;

import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;

/**
 * The pmd_addr_end() walk that memory.c's range functions share: {@code [start, end)} cut at
 * PMD extent boundaries, each piece handed to a {@link Visitor} by what its PMD slot holds.
 * The visitors are objects made once (no lambda per call), and the per-call arguments travel
 * as parameters, so a walk allocates nothing.
 */
public final class PmdWalk {
    /** What {@link Visitor#huge} answers when the huge PMD was not handled whole (it was split): walk its table. */
    public static final int AS_TABLE = Integer.MIN_VALUE;
    /** Go on with the next extent. */
    public static final int NEXT = 0;

    /**
     * The callbacks of one kind of walk. Each answers {@link #NEXT} to go on, or any other code
     * to stop the walk with it.
     *
     * @param <A> the walk's first argument (usually the mm)
     * @param <B> its second (usually the VMA)
     */
    public interface Visitor<A, B> {
        /** An extent without a PMD table or with an empty slot ({@code table} may be null). */
        default int none(A a, B b, int arg, PmdTableImpl table, long addr, long next) {
            return NEXT;
        }

        /** A huge PMD: {@link #NEXT} if handled, {@link #AS_TABLE} if split (the slot is read again). */
        default int huge(A a, B b, int arg, PmdTableImpl table, long addr, long next) {
            return NEXT;
        }

        /** A PTE table. */
        default int table(A a, B b, int arg, PmdTableImpl table, PteTableImpl pte, long addr, long next) {
            return NEXT;
        }
    }

    private final Geometry g;
    private final PmdCodec pmd;

    public PmdWalk(Geometry g, PmdCodec pmd) {
        this.g = g;
        this.pmd = pmd;
    }

    /**
     * Walks {@code [start, end)} of {@code tables}.
     *
     * @return {@link #NEXT} if every extent was visited, else the code that stopped the walk
     */
    public <A, B> int walk(PageTables tables, long start, long end, A a, B b, int arg, Visitor<A, B> v) {
        for (long addr = start; addr < end; ) {
            long next = Math.min((addr & g.pmdMask()) + g.pmdSize(), end); // pmd_addr_end()
            int r = visit(tables.pmdTable(addr), addr, next, a, b, arg, v);
            if (r != NEXT) {
                return r;
            }
            addr = next;
        }
        return NEXT;
    }

    private <A, B> int visit(PmdTableImpl table, long addr, long next, A a, B b, int arg, Visitor<A, B> v) {
        if (table == null) {
            return v.none(a, b, arg, null, addr, next);
        }
        int i = g.pmdIndex(addr);
        long val = table.get(i);
        if (pmd.transHuge(val)) {
            int r = v.huge(a, b, arg, table, addr, next);
            if (r != AS_TABLE) {
                return r;
            }
            val = table.get(i);
        }
        PteTableImpl t = pmd.none(val) ? null : table.child(i);
        return t == null ? v.none(a, b, arg, table, addr, next) : v.table(a, b, arg, table, t, addr, next);
    }
}
