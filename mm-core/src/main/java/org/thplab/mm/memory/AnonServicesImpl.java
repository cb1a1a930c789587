package org.thplab.mm.memory;

import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.ThpEvent;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.stat.VmStat;

/** What the core lends the anonymous-memory plugin: the geometry and its two events. */
final class AnonServicesImpl implements AnonServices {
    private final Machine m;

    AnonServicesImpl(Machine m) {
        this.m = m;
    }

    @Override
    public Geometry geometry() {
        return m.g;
    }

    @Override
    public void count(ThpEvent event) {
        m.stat.count(switch (event) {
            case FAULT_ALLOC -> VmStat.Event.THP_FAULT_ALLOC;
            case FAULT_FALLBACK -> VmStat.Event.THP_FAULT_FALLBACK;
        });
    }
}
