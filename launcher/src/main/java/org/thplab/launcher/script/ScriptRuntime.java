package org.thplab.launcher.script;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thplab.api.arch.Architecture;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * What a running script works on: the kernel (booted when first needed, so that
 * {@code memory} can come first), its processes and their regions at the addresses reserved
 * for them, mounts and files, and where output goes.
 */
final class ScriptRuntime {
    /** A region: its reserved start and its length. */
    static final class Region {
        final long start;
        final long length;

        Region(long start, long length) {
            this.start = start;
            this.length = length;
        }
    }

    /** A process and its regions by name. */
    static final class Proc {
        final Process process;
        final Map<String, Region> regions = new HashMap<>();
        /** The starts of every reservation it holds, named or no longer named (freed when it exits). */
        final List<Long> held = new ArrayList<>();

        Proc(Process process) {
            this.process = process;
        }
    }

    final Architecture arch;
    final PrintWriter out;
    final PrintWriter err;
    final String fileName;
    final boolean check;
    /** How layout lines show a region. */
    LayoutForm layoutForm = LayoutForm.FULL;
    /** Where long commands say how far they got. */
    final Progress progress;
    private final Plugins plugins;
    /** A knob set on {@code line} before the machine booted. */
    private record PendingKnob(int line, String key, String value) { }

    /** Knobs set before the machine boots: applied at boot. */
    private final List<PendingKnob> pendingThp = new ArrayList<>();
    /** Errors of pending knobs a plugin refused at boot, as {@code FILE:LINE: message}. */
    private final List<String> bootErrors = new ArrayList<>();
    private long memory = Kernel.DEFAULT_MEMORY;
    private Kernel kernel;
    final Map<String, Proc> procs = new HashMap<>();
    final Map<String, Mount> mounts = new HashMap<>();
    final Map<String, FileHandle> files = new HashMap<>();
    /** Where regions go. */
    final Reservations reservations;
    private Runnable onBoot = () -> { };
    int expectFailures;
    int runtimeErrors;

    ScriptRuntime(Plugins plugins, String fileName, PrintWriter out, PrintWriter err, boolean check,
                  Progress progress) {
        this.progress = progress;
        this.arch = plugins.arch();
        this.plugins = plugins;
        this.fileName = fileName;
        this.out = out;
        this.err = err;
        this.check = check;
        this.reservations = new Reservations(arch.geometry());
    }

    void setMemory(long bytes) {
        memory = bytes;
    }

    /** Sets a knob of line {@code line} now, or at boot if the machine has not booted yet. */
    void setThp(int line, String key, String value) {
        if (kernel == null) {
            pendingThp.add(new PendingKnob(line, key, value));
        } else {
            kernel.setThp(key, value);
        }
    }

    /**
     * The machine, booted on first use with the pending knobs.
     *
     * @throws BootFailure if the machine cannot boot with these plugins
     */
    Kernel kernel() {
        if (kernel == null) {
            try {
                kernel = plugins.boot(memory);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new BootFailure(e);
            }
            for (PendingKnob knob : pendingThp) {
                try {
                    kernel.setThp(knob.key(), knob.value());
                } catch (IllegalArgumentException e) { // a knob its plugin did not declare
                    bootErrors.add(fileName + ":" + knob.line() + ": thp failed: " + e.getMessage());
                }
            }
            procs.put("p0", new Proc(kernel.spawn()));
            onBoot.run();
        }
        return kernel;
    }

    /** The plugins the run loaded. */
    Plugins plugins() {
        return plugins;
    }

    /** The machine if it has booted, else null (never boots it). */
    Kernel bootedKernel() {
        return kernel;
    }

    /** {@code action} runs once the machine has booted, with p0 made. */
    void onBoot(Runnable action) {
        onBoot = action;
    }

    /** Knobs refused at boot since the last call, as {@code FILE:LINE: message}. */
    List<String> takeBootErrors() {
        List<String> out = List.copyOf(bootErrors);
        bootErrors.clear();
        return out;
    }

    /** What plugins did wrong since the last call; nothing before the machine boots. */
    List<String> takePluginFailures() {
        return kernel == null ? List.of() : kernel.takePluginFailures();
    }

    /** Process {@code name}; an IllegalStateException if an earlier failure left it unmade. */
    Proc proc(String name) {
        kernel();
        return made(procs.get(name), "process " + name);
    }

    /** Region {@code r} of process {@code p}, as {@link #proc} does. */
    Region region(String p, String r) {
        return made(proc(p).regions.get(r), "region " + r + " of " + p);
    }

    Mount mount(String name) {
        return made(mounts.get(name), "mount " + name);
    }

    FileHandle file(String name) {
        return made(files.get(name), "file " + name);
    }

    private static <T> T made(T thing, String what) {
        if (thing == null) {
            throw new IllegalStateException(what + " does not exist: the line that makes it failed");
        }
        return thing;
    }

    /** The machine could not boot: the plugins are at fault, not a line of the script. */
    static final class BootFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BootFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }

        /** What boot threw. */
        RuntimeException reason() {
            return (RuntimeException) getCause();
        }
    }

    /** A fresh range for {@code proc}: PMD aligned plus {@code shift}, at least one PMD clear on each side. */
    long reserve(Proc proc, long length, long shift) {
        long start = reservations.reserve(length, shift);
        proc.held.add(start);
        return start;
    }

    /** {@code proc} lets go of the reservation at {@code start}. */
    void release(Proc proc, long start) {
        if (proc.held.remove(Long.valueOf(start))) {
            reservations.release(start);
        }
    }

}
