package org.thplab.mm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.thplab.api.API;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.debug.InvariantChecker;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.memory.FileRmap;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.pgtable.PageTables;
import org.thplab.mm.proc.TaskMmu;
import org.thplab.mm.rmap.AnonVmas;
import org.thplab.mm.rmap.Rmap;
import org.thplab.mm.stat.VmStat;
import org.thplab.mm.vma.MoveTables;
import org.thplab.mm.vma.SystemCalls;

/**
 * A simulated machine: one architecture and a physical memory, the processes running on
 * it, the global counters, and the invariant checker.
 *
 * <p>Safe for concurrent use by several threads working on its processes.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Kernel {

    /** The default simulated physical memory, as the workload contract's {@code memory} command. */
    public static final long DEFAULT_MEMORY = 16L << 30;

    private final Machine machine;
    private final Memory memory;
    private final HugeMemory huge;
    private final SystemCalls syscalls;
    private final InvariantChecker checker;
    private final TaskMmu taskMmu;
    private final ExtentWalk extentWalk;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Filesystems filesystems;
    private final Reclaim reclaim;
    private final KhugepagedDaemon khugepaged;

    private Kernel(Architecture arch, long memoryBytes) {
        this.machine = new Machine(arch, memoryBytes >>> arch.geometry().pageShift());
        Rmap rmap = new Rmap(machine.map, machine.stat, machine.g.hpagePmdNr());
        AnonVmas anonVmas = new AnonVmas(machine.g, machine::nextId);
        this.huge = new HugeMemory(machine, rmap, anonVmas);
        this.memory = new Memory(machine, rmap, anonVmas, huge);
        this.syscalls = new SystemCalls(arch, memory, huge, new MoveTables(machine, memory, huge));
        this.checker = new InvariantChecker(machine, memory, huge);
        FileRmap fileRmap = new FileRmap(memory, machine);
        this.taskMmu = new TaskMmu(machine.g, arch.pmd(), arch.pte(), machine.map, huge);
        this.extentWalk = new ExtentWalk(arch, machine.map, rmap, huge.zeroPage());
        this.filesystems = new Filesystems(this, machine, huge.teams(), fileRmap);
        this.reclaim = new Reclaim(machine, huge, filesystems, processes);
        this.khugepaged = new KhugepagedDaemon(machine, huge, syscalls, processes);
    }

    /**
     * Boots a machine of {@code memoryBytes} of physical memory on {@code arch}.
     *
     * @throws IllegalArgumentException if the size is not a positive multiple of the
     *         architecture's huge page size, or more than its physical addresses reach
     */
    public static Kernel boot(Architecture arch, long memoryBytes) {
        return boot(arch, memoryBytes, List.of());
    }

    /**
     * Boots a machine with the filesystem types {@code filesystems} available to {@link #mount}.
     *
     * @throws IllegalArgumentException as {@link #boot(Architecture, long)}, or if two types share a name
     */
    public static Kernel boot(Architecture arch, long memoryBytes,
                              Collection<FilesystemType> filesystems) {
        return boot(arch, memoryBytes, filesystems, null);
    }

    /**
     * Boots a machine with the filesystem types {@code filesystems} and the anonymous-memory
     * plugin {@code anonymous} (null for none: anonymous memory then has no THP).
     *
     * @throws IllegalArgumentException as {@link #boot(Architecture, long)}, or if two types share a name
     * @throws IllegalStateException naming the anonymous-memory plugin if it fails to start
     */
    public static Kernel boot(Architecture arch, long memoryBytes,
                              Collection<FilesystemType> filesystems,
                              AnonymousMemoryType anonymous) {
        Objects.requireNonNull(arch, "arch");
        Geometry g = arch.geometry();
        if (memoryBytes <= 0 || memoryBytes % g.pmdSize() != 0) {
            throw new IllegalArgumentException(String.format(
                    "memory size %d: expected a positive multiple of the %s huge page size (%d bytes)",
                    memoryBytes, arch.name(), g.pmdSize()));
        }
        long frames = memoryBytes >>> g.pageShift();
        if (frames - 1 > g.maxPfn()) {
            throw new IllegalArgumentException(String.format(
                    "memory size %d: expected at most %d bytes, what %d-bit physical addresses of %s reach",
                    memoryBytes, (g.maxPfn() + 1) << g.pageShift(), g.physicalAddressBits(), arch.name()));
        }
        Kernel k = new Kernel(arch, memoryBytes);
        k.filesystems.register(filesystems);
        if (anonymous != null) {
            k.huge.faults().startAnonymousMemory(anonymous);
        }
        return k;
    }

    /**
     * mount(): a new instance of the filesystem type {@code type} with {@code options}.
     *
     * @throws IllegalArgumentException if the type is unknown (the known ones are listed) or
     *         the filesystem refuses an option
     */
    public Mount mount(String type, Map<String, String> options) {
        return filesystems.mount(type, options);
    }

    /**
     * The shmem_enabled knob: how the internal tmpfs mount behind shared anonymous memory gives
     * out huge pages.
     *
     * @throws IllegalArgumentException for a value the knob does not take, listing the valid ones
     */
    public void setShmemEnabled(String value) {
        filesystems.setShmemEnabled(value);
    }

    /**
     * Runs queued background work (tmpfs team recovery) until none is left.
     *
     * @return work items run
     */
    public int settle() {
        return filesystems.settle();
    }

    /** The shmem file behind a new shared anonymous mapping of {@code len} bytes. */
    FileHandle sharedAnonymousFile(long len) {
        return filesystems.sharedAnonymousFile(len);
    }

    void registerFsFile(AddressSpace mapping, FilesystemType.FsFile file) {
        filesystems.registerFsFile(mapping, file);
    }

    /** madvise(MADV_REMOVE): see {@link Filesystems#madviseRemove}. */
    void madviseRemove(MmStruct mm, long start, long end) {
        filesystems.madviseRemove(mm, start, end);
    }

    AddressSpace ownMapping(FileMapping mapping, String type) {
        return filesystems.ownMapping(mapping, type);
    }

    AddressSpace newFile(VmOperations ops, long size) {
        return filesystems.newFile(ops, size);
    }

    /**
     * A transparent-hugepage knob, as {@code thp KEY=VALUE}: shmem_enabled is the core's (the
     * internal tmpfs mount); every other one belongs to the anonymous-memory plugin
     * (fs-anon's: enabled, defrag, use_zero_page, max_ptes_none, max_ptes_swap, max_ptes_shared).
     *
     * @throws IllegalArgumentException naming the knob and the values it takes
     */
    public void setThp(String key, String value) {
        if (key.equals("shmem_enabled")) {
            filesystems.setShmemEnabled(value);
            return;
        }
        List<String> knobs = huge.faults().anonymousMemory().knobs();
        if (!knobs.contains(key)) {
            List<String> all = new ArrayList<>(knobs);
            all.add("shmem_enabled");
            throw new IllegalArgumentException("unknown THP knob '" + key + "': expected one of " + all
                    + (knobs.isEmpty() ? " (no anonymous-memory plugin is loaded)" : ""));
        }
        huge.faults().anonymousMemory().set(key, value);
    }

    /**
     * khugepaged: one full pass over every process (the simulator's synchronous form of the
     * daemon), collapsing the qualifying extents of anonymous memory.
     *
     * @return how many extents were collapsed
     */
    public int khugepaged() {
        return khugepaged.doScan();
    }

    /**
     * Memory pressure: the shrinkers run once each. The deferred split queue's THPs are split
     * (their unmapped subpages freed), every mounted filesystem frees what it can (tmpfs: the
     * free holes of incomplete teams), and the huge zero page goes if nothing maps it.
     *
     * @return frames freed
     */
    public long reclaim() {
        return reclaim.shrinkSlab();
    }

    /** The global counters and events of /proc/vmstat, by their kernel names (nr_*, thp_*). */
    public Map<String, Long> vmstat() {
        Map<String, Long> out = new TreeMap<>();
        for (VmStat.Item item : VmStat.Item.values()) {
            out.put(item.name().toLowerCase(Locale.ROOT), machine.stat.get(item));
        }
        for (VmStat.Event event : VmStat.Event.values()) {
            out.put(event.name().toLowerCase(Locale.ROOT), machine.stat.get(event));
        }
        return out;
    }

    /** The architecture this machine runs. */
    public Architecture architecture() {
        return machine.arch;
    }

    /** The physical memory size in bytes. */
    public long memoryBytes() {
        return machine.map.frames() << machine.g.pageShift();
    }

    /** The number of base-page frames of physical memory. */
    public long frames() {
        return machine.map.frames();
    }

    /** Frames free in the buddy allocator. */
    public long freeFrames() {
        return machine.buddy.freeFrames();
    }

    /** A new process with an empty address space. */
    public Process spawn() {
        return register(newMm());
    }

    MmStruct newMm() {
        return new MmStruct(machine.nextId(), new PageTables(machine.g, machine.pgtables));
    }

    Process register(MmStruct mm) {
        Process p = new Process(this, mm);
        processes.add(p);
        return p;
    }

    void unregister(Process p) {
        processes.remove(p);
    }

    TaskMmu taskMmu() {
        return taskMmu;
    }

    ExtentWalk extentWalk() {
        return extentWalk;
    }

    Machine machine() {
        return machine;
    }

    Memory memory() {
        return memory;
    }

    HugeMemory huge() {
        return huge;
    }

    SystemCalls syscalls() {
        return syscalls;
    }

    /**
     * Failures of plugin code since the last call, each naming the plugin's module (or bundle):
     * the core contained them, the accesses that met them got SIGBUS.
     */
    public List<String> takePluginFailures() {
        return machine.pluginFailures.take();
    }

    /** The global counters, as /proc/meminfo reports them. */
    public Meminfo meminfo() {
        VmStat s = machine.stat;
        long huge = machine.g.pmdSize();
        long page = machine.g.pageSize();
        return new Meminfo(s.get(VmStat.Item.NR_ANON_THPS) * huge, s.get(VmStat.Item.NR_SHMEM_HUGEPAGES) * huge,
                s.get(VmStat.Item.NR_SHMEM_PMDMAPPED) * huge, s.get(VmStat.Item.NR_SHMEM) * page,
                s.get(VmStat.Item.NR_ANON_MAPPED) * page, machine.buddy.freeFrames() * page,
                machine.pgtables.pteTablePages() * page, s.get(VmStat.Item.NR_SHMEM_FREEHOLES) * page);
    }

    /**
     * Watches every call into a plugin, of every machine in this JVM: one that has not
     * returned after {@code limitMillis} is described to {@code onHang} once, as
     * {@code plugin MODULE (CLASS): OPERATION did not return within N ms}, from a watchdog
     * thread. Nothing can make the call return: {@code onHang} decides how the run ends.
     */
    public static void watchPluginCalls(long limitMillis, java.util.function.Consumer<String> onHang) {
        org.thplab.mm.plugin.PluginCallWatch.arm(limitMillis, onHang);
    }

    /**
     * The call into a plugin some thread is making now, as {@code plugin MODULE (CLASS): OPERATION},
     * or null: what a shutdown hook blames when a plugin ends the JVM in the middle of a call.
     */
    public static String pluginCallInProgress() {
        return org.thplab.mm.plugin.PluginCallWatch.inProgress();
    }

    /** How failures name {@code plugin}: {@code plugin MODULE (CLASS)}, under OSGi {@code plugin BUNDLE [ID] (CLASS)}. */
    public static String describePlugin(Object plugin) {
        return org.thplab.mm.plugin.PluginFailures.describe(plugin);
    }

    /** Stops {@link #watchPluginCalls watching} plugin calls. */
    public static void unwatchPluginCalls() {
        org.thplab.mm.plugin.PluginCallWatch.disarm();
    }

    /**
     * Blames references nobody holds on the frames of filesystem plugins on those plugins, as
     * {@link #takePluginFailures() plugin failures}, without judging anything else (that is
     * {@link #check()}'s job): what a run does as its mounts go away at its end. A full
     * recount, so call it once, while no operation is in flight; it does nothing unless a
     * plugin from outside the project (not in an {@code org.thplab} package) mounted something.
     */
    public void auditPluginReferences() {
        if (!machine.pluginFailures.foreignMounts()) {
            return;
        }
        checker.check(processes.stream().map(Process::mm).toList(), filesystems.files());
    }

    /**
     * Recounts everything from the page tables and page state (CONFIG_DEBUG_VM) and compares
     * it with what is maintained. Call it while no operation is in flight.
     *
     * @throws InvariantViolation listing every difference found
     */
    public void check() {
        List<MmStruct> mms = new ArrayList<>();
        for (Process p : processes) {
            mms.add(p.mm());
        }
        List<String> problems = checker.check(mms, filesystems.files());
        if (!problems.isEmpty()) {
            throw new InvariantViolation(problems);
        }
    }
}
