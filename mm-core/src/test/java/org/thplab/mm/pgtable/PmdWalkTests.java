package org.thplab.mm.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;

/**
 * PmdWalk cuts a range at PMD extent boundaries (pmd_addr_end) and hands each piece to the
 * callback for what its slot holds; a huge PMD the visitor splits is walked as a table, and
 * a callback's code stops the walk.
 */
class PmdWalkTests {
    private final Architecture arch = x86();
    private final Geometry g = arch.geometry();
    private final PmdCodec pmd = arch.pmd();
    private final PageTables tables;
    private final long size = g.pmdSize();

    PmdWalkTests() {
        MemMap map = new MemMap(4 * g.hpagePmdNr());
        BuddyAllocator buddy = new BuddyAllocator(map, g.hpagePmdOrder());
        tables = new PageTables(g, new PgtableAllocator(arch, map, buddy));
    }

    private static Architecture x86() {
        PmdWalkTests.class.getModule().addUses(Architecture.class);
        return Architectures.select(ServiceLoader.load(Architecture.class), "x86_64");
    }

    /** Records each call as "kind start-end" in units of pages from the range's base. */
    private final class Recorder implements PmdWalk.Visitor<List<String>, Long> {
        int splitAnswer = PmdWalk.NEXT;
        int stopAtTable = PmdWalk.NEXT;

        private String piece(String kind, long base, long addr, long next) {
            return kind + " " + ((addr - base) >>> g.pageShift()) + "-" + ((next - base) >>> g.pageShift());
        }

        @Override
        public int none(List<String> out, Long base, int arg, PmdTableImpl table, long addr, long next) {
            out.add(piece(table == null ? "nothing" : "none", base, addr, next));
            return PmdWalk.NEXT;
        }

        @Override
        public int huge(List<String> out, Long base, int arg, PmdTableImpl table, long addr, long next) {
            out.add(piece("huge", base, addr, next));
            if (splitAnswer == PmdWalk.AS_TABLE) {
                PteTableImpl t = tables.pteAllocOne();
                table.set(g.pmdIndex(addr), pmd.mkTable(t.physAddress())); // what a split leaves
            }
            return splitAnswer;
        }

        @Override
        public int table(List<String> out, Long base, int arg, PmdTableImpl table, PteTableImpl t, long addr,
                         long next) {
            out.add(piece("table", base, addr, next));
            return stopAtTable;
        }
    }

    /** Three extents from {@code base}: a PTE table, a huge PMD, an empty slot. */
    private long layout() {
        long base = 4 * size;
        PmdTableImpl table = tables.pmdAlloc(base);
        PteTableImpl t = tables.pteAllocOne();
        table.set(g.pmdIndex(base), pmd.mkTable(t.physAddress()));
        table.set(g.pmdIndex(base + size), pmd.mkHuge(g.hpagePmdNr(), 0));
        return base;
    }

    @Test
    void eachExtentGoesToTheCallbackForItsSlotCutAtPmdBoundaries() {
        long base = layout();
        long page = g.pageSize();
        List<String> out = new ArrayList<>();
        int r = new PmdWalk(g, pmd).walk(tables, base + 3 * page, base + 2 * size + 5 * page, out, base, 0,
                new Recorder());
        int nr = g.hpagePmdNr();
        assertEquals(PmdWalk.NEXT, r);
        assertEquals(List.of("table 3-" + nr, "huge " + nr + "-" + 2 * nr, "none " + 2 * nr + "-" + (2 * nr + 5)),
                out);
    }

    @Test
    void aRangeWithoutAPmdTableIsNothing() {
        List<String> out = new ArrayList<>();
        new PmdWalk(g, pmd).walk(tables, 0, 2 * size, out, 0L, 0, new Recorder());
        assertEquals(List.of("nothing 0-" + g.hpagePmdNr(), "nothing " + g.hpagePmdNr() + "-" + 2 * g.hpagePmdNr()),
                out);
    }

    @Test
    void aSplitHugePmdIsWalkedAsTheTableItBecame() {
        long base = layout();
        Recorder v = new Recorder();
        v.splitAnswer = PmdWalk.AS_TABLE;
        List<String> out = new ArrayList<>();
        new PmdWalk(g, pmd).walk(tables, base + size, base + 2 * size, out, base, 0, v);
        int nr = g.hpagePmdNr();
        assertEquals(List.of("huge " + nr + "-" + 2 * nr, "table " + nr + "-" + 2 * nr), out);
    }

    @Test
    void aCallbacksCodeStopsTheWalk() {
        long base = layout();
        Recorder v = new Recorder();
        v.stopAtTable = 7;
        List<String> out = new ArrayList<>();
        int r = new PmdWalk(g, pmd).walk(tables, base, base + 3 * size, out, base, 0, v);
        assertEquals(7, r);
        assertEquals(List.of("table 0-" + g.hpagePmdNr()), out);
    }
}
