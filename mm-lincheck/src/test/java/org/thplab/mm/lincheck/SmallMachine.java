package org.thplab.mm.lincheck;

import java.util.List;
import java.util.ServiceLoader;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Kernel;

/**
 * Boots the tiny machines the model checker explores: a few huge pages of memory, tmpfs and
 * the anonymous THP policy found through ServiceLoader as the launcher finds them. Every
 * explored execution boots one, so the providers are looked up once per JVM (they are
 * stateless: each machine's state lives in what they start or mount).
 */
final class SmallMachine {
    /** The architectures of the tree; CI explores x86_64, the long setting all three. */
    static final List<String> ARCHITECTURES = List.of("x86_64", "ppc64", "ppc64-radix");

    private static final List<Architecture> ARCHES = ServiceLoader.load(Architecture.class).stream()
            .map(ServiceLoader.Provider::get).toList();
    private static final FilesystemType TMPFS = ServiceLoader.load(FilesystemType.class).stream()
            .map(ServiceLoader.Provider::get).filter(t -> t.name().equals("tmpfs")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no tmpfs plugin on the class path"));
    private static final AnonymousMemoryType ANON_THP = ServiceLoader.load(AnonymousMemoryType.class).stream()
            .map(ServiceLoader.Provider::get).filter(t -> t.name().equals("anon-thp")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no anon-thp plugin on the class path"));

    private SmallMachine() {
    }

    /** A machine of {@code arch} with {@code hugePages} huge pages of memory. */
    static Kernel boot(String arch, int hugePages) {
        Architecture a = Architectures.select(ARCHES, arch);
        return Kernel.boot(a, hugePages * a.geometry().pmdSize(), List.of(TMPFS), ANON_THP);
    }
}
