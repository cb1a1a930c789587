package org.thplab.mm.plugin;

import java.util.function.Function;
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

    /**
     * @param name       the filesystem's name, for messages
     * @param owner      the mount's owner id, recorded in the frames it allocates
     * @param newMapping creates and registers an address space
     */
    public FsServicesImpl(String name, int owner, Geometry g, VmStat stat, MemMap map, BuddyAllocator buddy,
                          PageRefs refs, PageTeam teams, Function<VmOperations, FileMapping> newMapping) {
        this.g = g;
        this.stat = stat;
        this.pages = new PagesImpl(name, owner, g, map, buddy, refs, teams);
        this.newMapping = newMapping;
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
}
