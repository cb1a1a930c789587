package org.thplab.launcher.script;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    /** A region: its reserved start and its length now. */
    static final class Region {
        final long start;
        long length;

        Region(long start, long length) {
            this.start = start;
            this.length = length;
        }
    }

    /** A process and its regions by name. */
    static final class Proc {
        final Process process;
        final Map<String, Region> regions = new HashMap<>();

        Proc(Process process) {
            this.process = process;
        }
    }

    final Architecture arch;
    final PrintWriter out;
    final PrintWriter err;
    final String fileName;
    final boolean check;
    private final Plugins plugins;
    private final Map<String, String> pendingThp = new LinkedHashMap<>();
    private long memory = Kernel.DEFAULT_MEMORY;
    private Kernel kernel;
    final Map<String, Proc> procs = new HashMap<>();
    final Map<String, Mount> mounts = new HashMap<>();
    final Map<String, FileHandle> files = new HashMap<>();
    private long nextAddress;
    int expectFailures;
    int runtimeErrors;
    /** The line of the step running now. */
    int line;

    ScriptRuntime(Plugins plugins, String fileName, PrintWriter out, PrintWriter err, boolean check) {
        this.arch = plugins.arch();
        this.plugins = plugins;
        this.fileName = fileName;
        this.out = out;
        this.err = err;
        this.check = check;
        this.nextAddress = 256 * arch.geometry().pmdSize();
    }

    void setMemory(long bytes) {
        memory = bytes;
    }

    void setThp(String key, String value) {
        if (kernel == null) {
            pendingThp.put(key, value);
        } else {
            kernel.setThp(key, value);
        }
    }

    Kernel kernel() {
        if (kernel == null) {
            kernel = plugins.boot(memory);
            pendingThp.forEach(kernel::setThp);
            procs.put("p0", new Proc(kernel.spawn()));
        }
        return kernel;
    }

    /** What plugins did wrong since the last call; nothing before the machine boots. */
    List<String> takePluginFailures() {
        return kernel == null ? List.of() : kernel.takePluginFailures();
    }

    Proc proc(String name) {
        kernel();
        return procs.get(name);
    }

    /** A fresh range: PMD aligned plus {@code shift}, at least one PMD clear on each side. */
    long reserve(long length, long shift) {
        long pmd = arch.geometry().pmdSize();
        long start = ((nextAddress + pmd + pmd - 1) & -pmd) + shift;
        nextAddress = start + length + pmd;
        return start;
    }
}
