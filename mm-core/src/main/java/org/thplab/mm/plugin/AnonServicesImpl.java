package org.thplab.mm.plugin;

import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.ThpEvent;
import org.thplab.api.arch.Geometry;
import org.thplab.mm.stat.VmStat;

/** What the core lends the anonymous-memory plugin: the geometry and its two events. */
public final class AnonServicesImpl implements AnonServices {
    private final Geometry g;
    private final VmStat stat;

    public AnonServicesImpl(Geometry g, VmStat stat) {
        this.g = g;
        this.stat = stat;
    }

    @Override
    public Geometry geometry() {
        return g;
    }

    @Override
    public void count(ThpEvent event) {
        stat.count(switch (event) {
            case FAULT_ALLOC -> VmStat.Event.THP_FAULT_ALLOC;
            case FAULT_FALLBACK -> VmStat.Event.THP_FAULT_FALLBACK;
        });
    }
}
