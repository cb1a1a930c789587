package org.thplab.bench;

import java.util.List;
import java.util.ServiceLoader;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Kernel;

/** Boots a simulated machine from the providers on the class path, as the launcher would. */
final class Machines {
    private Machines() {
    }

    static Kernel boot(String arch, long memoryBytes) {
        Architecture a = ServiceLoader.load(Architecture.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.name().equals(arch)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no architecture " + arch + " on the class path"));
        List<FilesystemType> fs = ServiceLoader.load(FilesystemType.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        AnonymousMemoryType anon = ServiceLoader.load(AnonymousMemoryType.class).findFirst().orElse(null);
        return Kernel.boot(a, memoryBytes, fs, anon);
    }
}
