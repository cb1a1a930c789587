package org.thplab.launcher.script;

import java.util.List;
import java.util.function.Function;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Kernel;

/**
 * What a run found in its plugins: the chosen architecture, the filesystem types, and the
 * anonymous-memory plugin (null if none was loaded: anonymous memory then has no THP).
 */
public record Plugins(Architecture arch, List<FilesystemType> filesystems, AnonymousMemoryType anonymous) {

    public Plugins {
        filesystems = List.copyOf(filesystems);
    }

    /** A machine of {@code memoryBytes} with these plugins. */
    Kernel boot(long memoryBytes) {
        return Kernel.boot(arch, memoryBytes, filesystems, anonymous);
    }

    /**
     * The one anonymous-memory plugin among {@code found}, or null; two are refused, naming
     * each one's module and its origin as {@code where} says it.
     */
    public static AnonymousMemoryType oneAnonymous(List<AnonymousMemoryType> found,
                                                   Function<AnonymousMemoryType, String> where) {
        if (found.size() > 1) {
            throw new IllegalArgumentException("two anonymous-memory plugins are loaded ("
                    + found.get(0).name() + " in " + where.apply(found.get(0)) + " and "
                    + found.get(1).name() + " in " + where.apply(found.get(1)) + "): keep one");
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
