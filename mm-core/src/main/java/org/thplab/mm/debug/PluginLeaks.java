package org.thplab.mm.debug;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.plugin.PluginFailures;

/**
 * References nobody accounts for on frames a filesystem plugin allocated: the plugin's leak,
 * not the core's. A recount that finds more references on such a frame than its mappings and
 * page-cache entries explain hands the frame here instead of calling it a broken invariant;
 * each plugin is reported once per recount, in one line, and a frame once per machine (a
 * leak stays a leak until its frame is freed, which a leak prevents).
 */
final class PluginLeaks {
    private final MemMap map;
    private final PluginFailures failures;
    /** Frames already blamed, so that a later recount does not report the same leak again. */
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();
    /** This recount's leaks: owner id to {count, first pfn}. */
    private final Map<Integer, long[]> found = new TreeMap<>();

    PluginLeaks(MemMap map, PluginFailures failures) {
        this.map = map;
        this.failures = failures;
    }

    /**
     * Takes {@code excess} unexplained references on {@code pfn} as its plugin's leak.
     *
     * @return false if the frame is not a plugin's (a core bug then: the caller reports it)
     */
    boolean attribute(long pfn, int excess) {
        int owner = map.owner(pfn);
        if (excess <= 0 || failures.ownerName(owner) == null) {
            return false;
        }
        if (reported.add(pfn)) {
            long[] f = found.computeIfAbsent(owner, o -> new long[] {0, pfn});
            f[0] += excess;
        }
        return true;
    }

    /** Reports this recount's leaks against their plugins and starts the next recount afresh. */
    void report() {
        found.forEach((owner, f) -> failures.reportAs(failures.ownerName(owner), "page references",
                String.format("leaked: %d reference%s nobody holds (pfn %#x%s)", f[0], f[0] == 1 ? "" : "s", f[1],
                        f[0] > 1 ? " and others" : "")));
        found.clear();
    }
}
