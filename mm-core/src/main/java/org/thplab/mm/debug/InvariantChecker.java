package org.thplab.mm.debug;

import static org.thplab.mm.debug.Recount.Kind.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.page.MemMap;
import org.thplab.mm.page.PageFlags;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.PteTableImpl;
import org.thplab.mm.stat.VmStat;

/**
 * CONFIG_DEBUG_VM as a full recount: everything the core maintains incrementally
 * (refcounts, mapcounts, compound mapcounts, team usage, per-mm RSS and page-table counts,
 * the global counters, free memory) is counted again from the page tables, page caches and
 * page state, and every difference is reported with the pfn, address or counter concerned.
 * Compound file pages reconcile too: each cached slot holds a reference on the head, a
 * cached compound page fills its aligned slots, its PMDs count in its compound mapcount and
 * RSS, and ShmemHugePages and ShmemPmdMapped count teams and swap-backed compound pages alike.
 *
 * <p>Not for hot paths: it visits every entry of every table. Callers quiesce the machine
 * (no fault in flight) while it runs.
 */
public final class InvariantChecker {
    private static final int MAX_REPORTED = 20;

    private final Machine m;
    private final Memory memory;
    private final HugeMemory huge;
    private final PteCodec pte;
    private final PmdCodec pmd;
    private final int nr;
    private final PluginLeaks leaks;

    public InvariantChecker(Machine m, Memory memory, HugeMemory huge) {
        this.m = m;
        this.memory = memory;
        this.huge = huge;
        this.pte = m.arch.pte();
        this.pmd = m.arch.pmd();
        this.nr = m.g.hpagePmdNr();
        this.leaks = new PluginLeaks(m.map, m.pluginFailures);
    }

    /**
     * Recounts and compares.
     *
     * @return the problems found, empty when everything reconciles
     */
    public List<String> check(Collection<MmStruct> mms, Collection<AddressSpace> files) {
        List<String> problems = new ArrayList<>();
        Recount counts = new Recount(m.map.frames());
        for (MmStruct mm : mms) {
            checkMm(mm, counts, problems);
        }
        for (AddressSpace file : files) {
            checkCache(file, counts, problems);
        }
        checkFrames(counts, problems);
        leaks.report(); // a plugin's leaked references are its failure, reported against it, not broken invariants
        try {
            m.buddy.check();
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        return problems.size() > MAX_REPORTED ? problems.subList(0, MAX_REPORTED) : problems;
    }

    private void checkMm(MmStruct mm, Recount counts, List<String> problems) {
        Map<MmStruct.Counter, Long> rss = new EnumMap<>(MmStruct.Counter.class);
        for (MmStruct.Counter c : MmStruct.Counter.values()) {
            rss.put(c, 0L);
        }
        long[] tables = {0};
        long[] hugePmds = {0};
        long pageSize = m.g.pageSize();
        mm.pageTables().forEachPmdTable((base, table) -> {
            for (int i = 0; i < table.size(); i++) {
                long pmdval = table.get(i);
                long extent = base + (long) i * m.g.pmdSize();
                if (pmd.none(pmdval)) {
                    continue;
                }
                if (pmd.transHuge(pmdval)) {
                    hugePmds[0]++;
                    countHugePmd(mm, extent, pmd.pfn(pmdval), counts, rss, problems);
                    continue;
                }
                PteTableImpl t = table.child(i);
                if (t == null || t.physAddress() != pmd.tableAddress(pmdval)) {
                    problems.add(String.format("%s: PMD at %#x points to %#x but the walk finds %s", mm, extent,
                            pmd.tableAddress(pmdval), t));
                    continue;
                }
                tables[0]++;
                counts.bump(TABLES, t.pfn());
                for (int j = 0; j < t.size(); j++) {
                    long e = t.get(j);
                    if (pte.none(e)) {
                        continue;
                    }
                    long addr = extent + j * pageSize;
                    long pfn = pte.pfn(e);
                    if (pte.special(e)) {
                        if (pfn != m.zeroPfn) {
                            problems.add(String.format("%s: special PTE at %#x maps pfn %#x, not the zero page", mm, addr,
                                    pfn));
                        }
                        continue;
                    }
                    if (pfn >= m.map.frames() || m.map.refcount(m.compoundHead(pfn)) <= 0) {
                        problems.add(String.format("%s: PTE at %#x maps pfn %#x, which is not an allocated page", mm,
                                addr, pfn));
                        continue;
                    }
                    counts.bump(PTE_MAPPINGS, pfn);
                    counts.bump(REFS, m.compoundHead(pfn));
                    rss.merge(memory.rmap().mmCounter(pfn), 1L, Long::sum);
                }
            }
        });
        long[] deposited = {0};
        m.arch.forEachDeposited(mm, mm.pmdTableList(), t -> {
            deposited[0]++;
            counts.bump(TABLES, ((PteTableImpl) t).pfn());
        });
        long frag = mm.pageTables().fragmentCachePfn();
        if (frag >= 0) {
            counts.bump(CACHES, frag);
        }
        if (deposited[0] != hugePmds[0]) {
            problems.add(String.format("%s: %d huge PMDs but %d tables deposited; each huge PMD keeps one", mm,
                    hugePmds[0], deposited[0]));
        }
        if (mm.nrPtes().get() != tables[0] + deposited[0]) {
            problems.add(String.format("%s: nr_ptes is %d but %d PTE tables are in use and %d deposited", mm,
                    mm.nrPtes().get(), tables[0], deposited[0]));
        }
        for (MmStruct.Counter c : MmStruct.Counter.values()) {
            if (mm.rss(c) != rss.get(c)) {
                problems.add(String.format("%s: %s RSS counter is %d pages but its page tables map %d", mm, c,
                        mm.rss(c), rss.get(c)));
            }
        }
    }

    /** A huge PMD maps a team head (one mapcount and reference on it), a THP head, or the huge zero page. */
    private void countHugePmd(MmStruct mm, long extent, long head, Recount counts, Map<MmStruct.Counter, Long> rss,
                              List<String> problems) {
        MemMap map = m.map;
        counts.bump(PMD_MAPPINGS, head);
        counts.bump(REFS, head);
        if (head == huge.zeroPage().pfn()) {
            return;
        }
        if (map.test(head, PageFlags.TEAM) && head == huge.teams().teamHead(head)) {
            counts.bump(PTE_MAPPINGS, head); // map_team_by_pmd: page_add_file_rmap(head)
            rss.merge(memory.rmap().mmCounter(head), (long) nr, Long::sum);
        } else if (map.test(head, PageFlags.HEAD | PageFlags.ANON)) {
            rss.merge(MmStruct.Counter.ANON, (long) nr, Long::sum);
        } else if (map.test(head, PageFlags.HEAD) && PageFlags.fileCompound(map.flags(head))) {
            rss.merge(memory.rmap().mmCounter(head), (long) nr, Long::sum); // do_set_pmd
        } else {
            problems.add(String.format("%s: huge PMD at %#x maps pfn %#x, which heads neither a team nor a THP (flags %s)",
                    mm, extent, head, PageFlags.describe(map.flags(head))));
        }
    }

    /**
     * Each cached page holds one reference (a compound page's on its head, one per slot) and
     * records its file and index; a cached compound page fills all its slots, in order.
     */
    private void checkCache(AddressSpace file, Recount counts, List<String> problems) {
        file.treeLock().lock();
        try {
            file.cache().forEach((index, pfn) -> {
                long head = m.compoundHead(pfn);
                counts.bump(REFS, head);
                if (head != pfn || m.map.test(pfn, PageFlags.HEAD)) {
                    long first = index - (pfn - head);
                    if (file.cache().find(first) != head || (first & (nr - 1)) != 0) {
                        problems.add(String.format("%s: page cache index %d holds subpage %#x of compound page %#x,"
                                + " which is not cached whole at aligned index %d", file, index, pfn, head, first));
                    }
                    if (pfn == head && m.map.test(head, PageFlags.SWAPBACKED)) {
                        counts.bump(CACHED_HUGE, head);
                    }
                }
                if (m.map.mapping(pfn) != file.id() || m.map.index(pfn) != index) {
                    problems.add(String.format("%s: page cache index %d holds pfn %#x, which records mapping %d index %d",
                            file, index, pfn, m.map.mapping(pfn), m.map.index(pfn)));
                }
            });
        } finally {
            file.treeLock().unlock();
        }
    }

    private void checkFrames(Recount counts, List<String> problems) {
        MemMap map = m.map;
        long allocated = 0;
        long anonMapped = 0;
        long fileMapped = 0;
        long shmemPmdMapped = 0;
        long anonThps = 0;
        long shmemHuge = 0;
        long queued = 0;
        long hugeZero = huge.zeroPage().pfn();
        long frontier = m.buddy.frontier();
        for (long pfn = 0; pfn < frontier; pfn++) {
            if (!map.touched(pfn)) {
                pfn |= counts.chunkMask();
                continue;
            }
            int flags = map.flags(pfn);
            int ref = map.refcount(pfn);
            int mapcount = map.mapcount(pfn);
            if ((flags & PageFlags.BUDDY) != 0) {
                continue;
            }
            if ((flags & PageFlags.TEAM) != 0 && huge.teams().teamHead(pfn) == pfn) {
                checkTeamMembers(pfn, counts, problems); // before its frames are checked: holes hold references
            }
            if (ref > 0) {
                allocated += pfn == hugeZero || (flags & PageFlags.HEAD) != 0 ? nr : 1;
            }
            if (pfn == m.zeroPfn) {
                if (ref != 1 || mapcount != 0 || (flags & PageFlags.RESERVED) == 0) {
                    problems.add(String.format("zero page pfn %#x: refcount %d, mapcount %d, flags %s", pfn, ref,
                            mapcount, PageFlags.describe(flags)));
                }
                continue;
            }
            if (pfn == hugeZero) {
                if (ref != counts.get(PMD_MAPPINGS, pfn) + 1) {
                    problems.add(String.format("huge zero page %#x: refcount %d but %d PMDs map it (plus the cache's)",
                            pfn, ref, counts.get(PMD_MAPPINGS, pfn)));
                }
                pfn += nr - 1;
                continue;
            }
            if ((flags & PageFlags.PAGETABLE) != 0) {
                int expected = counts.get(TABLES, pfn) + counts.get(CACHES, pfn);
                if (ref != expected) {
                    problems.add(String.format("page-table frame %#x: refcount %d but it holds %d live tables%s", pfn,
                            ref, counts.get(TABLES, pfn), counts.get(CACHES, pfn) > 0 ? " and a fragment cache" : ""));
                }
                continue;
            }
            int mapped = counts.get(PTE_MAPPINGS, pfn);
            if (mapcount != mapped) {
                problems.add(String.format("pfn %#x: mapcount %d but %d PTEs map it (flags %s)", pfn, mapcount, mapped,
                        PageFlags.describe(flags)));
            }
            if (ref != counts.get(REFS, pfn) && !leaks.attribute(pfn, ref - counts.get(REFS, pfn))) {
                problems.add(String.format("pfn %#x: refcount %d but %d mappings and page-cache entries hold it (flags %s)",
                        pfn, ref, counts.get(REFS, pfn), PageFlags.describe(flags)));
            }
            long head = m.compoundHead(pfn);
            int pmdMaps = counts.get(PMD_MAPPINGS, head);
            if ((flags & PageFlags.DEFERRED_SPLIT) != 0) {
                queued++;
                if ((flags & PageFlags.HEAD) == 0 || !m.deferredSplitQueue().contains(pfn)) {
                    problems.add(String.format("pfn %#x: flagged deferred-split but %s", pfn,
                            (flags & PageFlags.HEAD) == 0 ? "not a THP head" : "not on the deferred split queue"));
                }
            }
            if ((flags & PageFlags.HEAD) != 0) {
                if (map.priv(pfn) != pmdMaps) {
                    problems.add(String.format("THP %#x: compound_mapcount %d but %d PMDs map it", pfn, map.priv(pfn),
                            pmdMaps));
                }
                if (pmdMaps > 0 && (flags & PageFlags.ANON) != 0) {
                    anonThps++;
                }
            }
            boolean compound = (flags & (PageFlags.HEAD | PageFlags.TAIL)) != 0;
            if (mapped > 0 || (compound && pmdMaps > 0)) {
                if ((flags & PageFlags.ANON) != 0) {
                    anonMapped++;
                } else {
                    fileMapped++;
                }
            }
            if ((flags & PageFlags.TEAM) != 0 && huge.teams().teamHead(pfn) == pfn
                    && counts.get(PMD_MAPPINGS, pfn) > 0) {
                shmemPmdMapped++;
            }
            if ((flags & PageFlags.TEAM) != 0 && huge.teams().teamHead(pfn) == pfn && huge.teams().complete(pfn)) {
                shmemHuge++;
            }
            if ((flags & PageFlags.HEAD) != 0 && PageFlags.fileCompound(flags)) {
                if (counts.get(CACHED_HUGE, pfn) > 0) {
                    shmemHuge++;
                }
                if (pmdMaps > 0 && (flags & PageFlags.SWAPBACKED) != 0) {
                    shmemPmdMapped++; // NR_SHMEM_PMDMAPPED: teams and compound shmem pages alike
                }
            }
        }
        long used = map.frames() - m.buddy.freeFrames();
        if (used != allocated) {
            problems.add(String.format("%d frames are allocated but %d are held (leaked or double-freed memory)",
                    used, allocated));
        }
        compare(problems, VmStat.Item.NR_ANON_MAPPED, anonMapped);
        compare(problems, VmStat.Item.NR_FILE_MAPPED, fileMapped);
        compare(problems, VmStat.Item.NR_SHMEM_PMDMAPPED, shmemPmdMapped);
        compare(problems, VmStat.Item.NR_ANON_THPS, anonThps);
        compare(problems, VmStat.Item.NR_SHMEM_HUGEPAGES, shmemHuge);
        if (queued != m.deferredSplitQueue().size()) {
            problems.add(String.format("%d THPs on the deferred split queue but %d flagged", m.deferredSplitQueue().size(),
                    queued));
        }
        checkAboveFrontier(frontier, counts, problems);
    }

    /**
     * Frames at and above the allocator's frontier were never handed out, or came back whole
     * and were reset: the allocator hands them out as they are, so any state left there is a
     * page freed without its reset.
     */
    private void checkAboveFrontier(long frontier, Recount counts, List<String> problems) {
        MemMap map = m.map;
        for (long pfn = frontier; pfn < map.frames(); pfn++) {
            if (!map.touched(pfn)) {
                pfn |= counts.chunkMask();
                continue;
            }
            if (map.flags(pfn) != 0 || map.refcount(pfn) != 0 || map.mapcount(pfn) != 0 || map.priv(pfn) != 0
                    || map.mapping(pfn) != 0 || map.index(pfn) != 0 || map.content(pfn) != 0) {
                problems.add(String.format("pfn %#x above the allocator's frontier %#x holds state (flags %s,"
                        + " refcount %d, mapcount %d, private %d): it would be handed out dirty", pfn, frontier,
                        PageFlags.describe(map.flags(pfn)), map.refcount(pfn), map.mapcount(pfn), map.priv(pfn)));
                return; // one is enough to name the bug
            }
        }
    }

    /**
     * team_usage against the team's frames: while filling it counts the instantiated
     * (PG_swapbacked) pages and the rest are free holes the filesystem holds one reference
     * on; once complete it is HPAGE_PMD_NR plus one per PMD mapping, and only then may a PMD
     * map the team.
     */
    private void checkTeamMembers(long head, Recount counts, List<String> problems) {
        int instantiated = (int) m.map.countFlagged(head, nr, PageFlags.SWAPBACKED);
        if (instantiated < nr) {
            for (int k = 0; k < nr; k++) {
                if (!m.map.test(head + k, PageFlags.SWAPBACKED)) {
                    counts.bump(REFS, head + k); // a free hole
                }
            }
        }
        long usage = huge.teams().usage(head);
        int pmdMaps = counts.get(PMD_MAPPINGS, head);
        if (usage < nr && (usage != instantiated || pmdMaps > 0)) {
            problems.add(String.format("team head %#x: team_usage %d but %d pages are instantiated and %d PMDs map it",
                    head, usage, instantiated, pmdMaps));
        } else if (usage >= nr && (instantiated != nr || usage != nr + pmdMaps)) {
            problems.add(String.format("team head %#x: team_usage %d with %d pages instantiated and %d PMD mappings"
                    + " (expected %d of each, usage %d)", head, usage, instantiated, pmdMaps, nr, nr + pmdMaps));
        }
    }

    private void compare(List<String> problems, VmStat.Item item, long recount) {
        if (m.stat.get(item) != recount) {
            problems.add(String.format("%s is %d but recounts to %d", item, m.stat.get(item), recount));
        }
    }
}
