package org.thplab.mm.plugin;

import java.util.function.Function;
import java.util.function.Supplier;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageRefs;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.stat.VmStat;

/** What the core lends one mounted filesystem. */
public final class FsServicesImpl implements FsServices {
    private final Geometry g;
    private final VmStat stat;
    private final Pages pages;
    private final Function<VmOperations, FileMapping> newMapping;
    private final Supplier<String> shmemEnabled;

    /**
     * @param name       the filesystem's name, for messages
     * @param owner      the mount's owner id, recorded in the frames it allocates
     * @param newMapping creates and registers an address space
     * @param shmemEnabled reads the shmem_enabled knob
     */
    public FsServicesImpl(String name, int owner, Geometry g, VmStat stat, MemMap map, BuddyAllocator buddy,
                          PageRefs refs, PageTeam teams, Function<VmOperations, FileMapping> newMapping,
                          Supplier<String> shmemEnabled) {
        this.g = g;
        this.stat = stat;
        this.pages = new PagesImpl(name, owner, g, map, buddy, refs, teams);
        this.newMapping = newMapping;
        this.shmemEnabled = shmemEnabled;
    }

    @Override
    public Pages pages() {
        return pages;
    }

    @Override
    public FileMapping newMapping(VmOperations ops) {
        return newMapping.apply(ops);
    }

    @Override
    public Geometry geometry() {
        return g;
    }

    @Override
    public void count(Counter counter, long delta) {
        stat.add(switch (counter) {
            case SHMEM -> VmStat.Item.NR_SHMEM;
            case SHMEM_HUGEPAGES -> VmStat.Item.NR_SHMEM_HUGEPAGES;
            case SHMEM_FREEHOLES -> VmStat.Item.NR_SHMEM_FREEHOLES;
        }, delta);
    }

    @Override
    public void count(Event event) {
        stat.count(switch (event) {
            case THP_FILE_ALLOC -> VmStat.Event.THP_FILE_ALLOC;
            case THP_FILE_FALLBACK -> VmStat.Event.THP_FILE_FALLBACK;
            case THP_COLLAPSE_ALLOC -> VmStat.Event.THP_COLLAPSE_ALLOC;
            case THP_COLLAPSE_ALLOC_FAILED -> VmStat.Event.THP_COLLAPSE_ALLOC_FAILED;
        });
    }

    @Override
    public String shmemEnabled() {
        return shmemEnabled.get();
    }
}
