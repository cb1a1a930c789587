package org.thplab.arch.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.thplab.api.API;
import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteTable;

/**
 * A plain mm for driving an Architecture outside the core: it hands out tables at
 * distinct physical addresses and records every {@link ArchEvent}.
 *
 * <p>Its tables are test doubles of the core's (see the package documentation for why the
 * kit does not use the core's own): they hold what {@link PteTable} and {@link PmdTable}
 * promise an architecture, nothing more.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class KitMm implements Mm {

    /** One reported event. */
    public record Event(ArchEvent event, long start, long end) {
    }

    private final Geometry geometry;
    private final ReentrantLock pageTableLock = new ReentrantLock();
    private final List<Event> events = new ArrayList<>();
    private PteTable hugePte;
    private long nextPhys = 1L << 30;

    /** An mm whose tables have the shape of {@code arch}. */
    public KitMm(Architecture arch) {
        this.geometry = arch.geometry();
    }

    /** A new zeroed PTE table, at an address no other table of this mm has. */
    public PteTable newPteTable() {
        return new KitPteTable(geometry.ptrsPerPte(), allocate(geometry.pteTableBytes()));
    }

    /** A new empty PMD table, at an address no other table of this mm has. */
    public PmdTable newPmdTable() {
        return new KitPmdTable(geometry, allocate(geometry.pmdTableBytes()));
    }

    /** Hands out addresses aligned to a PTE table (what {@code mkTable} requires), never twice. */
    private long allocate(int bytes) {
        long addr = nextPhys;
        int align = geometry.pteTableBytes();
        nextPhys += (bytes + align - 1L) / align * align;
        return addr;
    }

    /** Events reported so far, oldest first. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Forgets the events reported so far. */
    public void clearEvents() {
        events.clear();
    }

    @Override
    public ReentrantLock pageTableLock() {
        return pageTableLock;
    }

    @Override
    public void archEvent(ArchEvent event, long start, long end) {
        events.add(new Event(event, start, end));
    }

    @Override
    public PteTable hugePte() {
        return hugePte;
    }

    @Override
    public void setHugePte(PteTable head) {
        hugePte = head;
    }
}
