package org.thplab.mm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.VmOperations;
import org.thplab.mm.memory.FileRmap;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.page.PageTeam;
import org.thplab.mm.pagecache.AddressSpace;
import org.thplab.mm.plugin.FsServicesImpl;

/**
 * The filesystem side of one machine, behind {@link Kernel}: the registered filesystem
 * types and their mounts, the files (address spaces) the core created, the internal tmpfs
 * mounts behind shared anonymous memory with the shmem_enabled knob, and MADV_REMOVE, which
 * reaches the filesystem.
 */
final class Filesystems {
    private final Kernel kernel;
    private final Machine machine;
    private final PageTeam teams;
    private final FileRmap fileRmap;
    private final List<AddressSpace> files = new CopyOnWriteArrayList<>();
    private final Map<String, FilesystemType> fsTypes = new TreeMap<>();
    private final List<FilesystemType.Filesystem> mounted = new CopyOnWriteArrayList<>();

    Filesystems(Kernel kernel, Machine machine, PageTeam teams, FileRmap fileRmap) {
        this.kernel = kernel;
        this.machine = machine;
        this.teams = teams;
        this.fileRmap = fileRmap;
    }

    /**
     * Makes the filesystem types available to {@link #mount}.
     *
     * @throws IllegalArgumentException if two types share a name
     */
    void register(Collection<FilesystemType> types) {
        for (FilesystemType t : types) {
            FilesystemType other = fsTypes.putIfAbsent(t.name(), t);
            if (other != null) {
                throw new IllegalArgumentException("filesystem type '" + t.name() + "' is provided twice: "
                        + other.getClass().getName() + " and " + t.getClass().getName());
            }
        }
    }

    /** The shrinker of every mounted filesystem, once each (contained). */
    void shrink() {
        for (FilesystemType.Filesystem fs : mounted) {
            machine.pluginFailures.contain(fs, "shrink", fs::shrink);
        }
    }

    /** The files the core created, for the checker. */
    List<AddressSpace> files() {
        return files;
    }

    /**
     * mount(): a new instance of the filesystem type {@code type} with {@code options}.
     *
     * @throws IllegalArgumentException if the type is unknown (the known ones are listed) or
     *         the filesystem refuses an option
     */
    Mount mount(String type, Map<String, String> options) {
        FilesystemType t = fsTypes.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown filesystem type '" + type + "': expected one of "
                    + fsTypes.keySet());
        }
        int owner = machine.pluginFailures.newOwner(t);
        var services = new FsServicesImpl(type, owner, machine.g, machine.stat, machine.map, machine.buddy,
                machine.refs, teams, ops -> newFile(ops, 0, owner), () -> shmemEnabled);
        FilesystemType.Filesystem fs =
                machine.pluginFailures.require(t, "mount", () -> t.mount(options, services));
        mounted.add(fs);
        return new Mount(kernel, type, fs);
    }

    /** The shmem_enabled knob's values, as /sys/kernel/mm/transparent_hugepage/shmem_enabled has them. */
    private static final Map<String, String> SHMEM_ENABLED = Map.of(
            "always", "always", "within_size", "within_size", "advise", "advise", "never", "never",
            "deny", "never", "force", "always");

    private volatile String shmemEnabled = "never";
    private final Map<String, Mount> internalMounts = new ConcurrentHashMap<>();
    private final AtomicInteger unnamed = new AtomicInteger();

    /**
     * The shmem_enabled knob: how the internal tmpfs mount behind shared anonymous memory gives
     * out huge pages. {@code deny} and {@code force} act here as never and always; what they do to
     * other mounts is each filesystem's to decide ({@code FsServices.shmemEnabled()}).
     *
     * @throws IllegalArgumentException for any other value, listing the valid ones
     */
    void setShmemEnabled(String value) {
        if (!SHMEM_ENABLED.containsKey(value)) {
            throw new IllegalArgumentException("shmem_enabled=" + value
                    + ": expected always, within_size, advise, never, deny or force");
        }
        shmemEnabled = value;
    }

    /** The shmem file behind a new shared anonymous mapping of {@code len} bytes, released with its last mapping. */
    FileHandle sharedAnonymousFile(long len) {
        if (!fsTypes.containsKey("tmpfs")) {
            throw new IllegalStateException("shared anonymous memory is shmem: it needs the tmpfs filesystem plugin");
        }
        String huge = SHMEM_ENABLED.get(shmemEnabled);
        Mount shm = internalMounts.computeIfAbsent(huge, h -> mount("tmpfs", Map.of("huge", h)));
        FileHandle file = shm.create("dev/zero (deleted) " + unnamed.incrementAndGet());
        file.truncate(len);
        file.mapping().releaseOnLastUnmap(() -> {
            file.truncate(0);
            files.remove(file.mapping());
            fsFiles.remove(file.mapping()); // else every shared anonymous mapping ever made stays reachable
        });
        return file;
    }

    /** The filesystem's file behind each address space, for calls that reach the filesystem (MADV_REMOVE). */
    private final Map<AddressSpace, FilesystemType.FsFile> fsFiles =
            new ConcurrentHashMap<>();

    void registerFsFile(AddressSpace mapping, FilesystemType.FsFile file) {
        fsFiles.put(mapping, file);
    }

    /**
     * madvise(MADV_REMOVE): frees the file pages behind the shared file mappings of
     * {@code [start, end)} by punching a hole in each file (which unmaps them everywhere).
     *
     * @throws IllegalArgumentException if part of the range is not a shared file mapping (EINVAL)
     */
    void madviseRemove(MmStruct mm, long start, long end) {
        List<Runnable> punches = new ArrayList<>();
        mm.mmapLock().readLock().lock();
        try {
            for (Vma v : mm.vmas().overlapping(start, end)) {
                var file = v.file() == null ? null : fsFiles.get(v.file());
                if (file == null || !v.shared()) {
                    throw new IllegalArgumentException(String.format(
                            "madvise remove: %s expected a shared mapping of a file (EINVAL)", v));
                }
                long from = Math.max(start, v.start());
                long to = Math.min(end, v.end());
                long offset = (v.pgoff() << machine.g.pageShift()) + (from - v.start());
                punches.add(() -> machine.pluginFailures.contain(file, "punchHole",
                        () -> file.punchHole(offset, to - from)));
            }
        } finally {
            mm.mmapLock().readLock().unlock();
        }
        punches.forEach(Runnable::run); // the filesystem takes i_mmap and page locks: not under mmap_lock here
    }

    /** The core's own address space behind a mapping a filesystem hands back. */
    AddressSpace ownMapping(FileMapping mapping, String type) {
        if (mapping instanceof AddressSpace as && files.contains(as)) {
            return as;
        }
        throw new IllegalStateException("filesystem " + type + " returned a file mapping the core did not create: "
                + mapping);
    }

    /** A file whose mappings fault through {@code ops}; its page cache is the caller's to fill. */
    AddressSpace newFile(VmOperations ops, long size) {
        return newFile(ops, size, 0);
    }

    /** {@link #newFile(VmOperations, long)} of the mount whose owner id is {@code owner}. */
    private AddressSpace newFile(VmOperations ops, long size, int owner) {
        AddressSpace file = new AddressSpace(machine.nextId(), owner, ops, size, machine.map, machine.g.hpagePmdNr(),
                fileRmap);
        files.add(file);
        return file;
    }

    /**
     * Runs queued background work (tmpfs team recovery) until none is left.
     *
     * @return work items run
     */
    int settle() {
        int ran = 0;
        for (FilesystemType.Filesystem fs : mounted) {
            ran += machine.pluginFailures.containCount(fs, "settle", fs::settle);
        }
        return ran;
    }
}
