package org.thplab.launcher.script;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FilesystemType;

/** x86_64's shape (4 KiB pages, 2 MiB PMDs) without its plugin, for the script tests. */
final class TestGeometry {
    static final Geometry X86 = new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47);

    private TestGeometry() {
    }

    /** Plugins of an architecture of x86_64's geometry (a mock: checking never boots it). */
    static Plugins plugins(List<FilesystemType> filesystems, AnonymousMemoryType anonymous) {
        Architecture arch = mock(Architecture.class);
        when(arch.geometry()).thenReturn(X86);
        when(arch.name()).thenReturn("x86_64");
        return new Plugins(arch, filesystems, anonymous);
    }
}
