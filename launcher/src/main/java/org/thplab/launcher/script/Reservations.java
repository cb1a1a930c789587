package org.thplab.launcher.script;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.thplab.api.arch.Geometry;

/**
 * Where a script's regions go in the user address space: each region gets a block of whole
 * PMDs with at least one free PMD before and after it (so that no two regions' VMAs ever
 * merge), PMD aligned plus the region's {@code shift}. A new block goes above every block
 * made so far, so a region that was unmapped keeps its range (an access there faults, as
 * the script's author expects) for as long as there is room above; only then are the holes
 * that released blocks left reused, first fit from the bottom, as get_unmapped_area() reuses
 * holes. A script that maps and unmaps regions forever therefore never runs out. A block is
 * released once no process holds it: a forked child holds its parent's blocks too.
 */
final class Reservations {
    private final long pmd;
    private final long base;
    private final long limit;
    private final int bits;
    /** Block start to block end, in address order. */
    private final TreeMap<Long, Long> blocks = new TreeMap<>();
    /** Region start to its block's start. */
    private final Map<Long, Long> blockOf = new HashMap<>();
    /** Block start to how many processes hold it. */
    private final Map<Long, Integer> holders = new HashMap<>();
    /** The end of the highest block ever made: new blocks go above it while there is room. */
    private long frontier;

    Reservations(Geometry g) {
        this.pmd = g.pmdSize();
        this.base = 256 * pmd;
        this.limit = g.taskSize();
        this.bits = g.userAddressBits();
        this.frontier = base;
    }

    /**
     * A fresh region of {@code length} bytes, held once, at a PMD boundary plus {@code shift}.
     *
     * @throws IllegalStateException if no hole of the user address space is large enough
     */
    long reserve(long length, long shift) {
        long size = alignUp(pmd + shift + length + pmd);
        long at = frontier <= limit - size ? frontier : firstHole(size);
        if (at > limit - size) {
            throw new IllegalStateException("the address space is full: no hole for " + Sizes.human(length)
                    + " among the " + blocks.size() + " live regions of the " + bits + "-bit user space");
        }
        blocks.put(at, at + size);
        frontier = Math.max(frontier, at + size);
        holders.put(at, 1);
        long start = at + pmd + shift;
        blockOf.put(start, at);
        return start;
    }

    /** One more process holds the region at {@code start} (fork). */
    void hold(long start) {
        holders.merge(blockOf.get(start), 1, Integer::sum);
    }

    /** A process no longer holds the region at {@code start}; the last to let go frees its block. */
    void release(long start) {
        Long block = blockOf.get(start);
        if (block != null && holders.merge(block, -1, Integer::sum) == 0) {
            holders.remove(block);
            blocks.remove(block);
            blockOf.remove(start);
        }
    }

    /** The lowest place with {@code size} free bytes between released blocks' neighbours. */
    private long firstHole(long size) {
        long at = base;
        for (Map.Entry<Long, Long> b : blocks.entrySet()) {
            if (b.getKey() - at >= size) {
                break;
            }
            at = Math.max(at, b.getValue());
        }
        return at;
    }

    private long alignUp(long bytes) {
        return (bytes + pmd - 1) & -pmd;
    }
}
