package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.Mockito.mock;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Kernel;

/** An unexpected throwable is blamed on the plugin whose code it was thrown in, and on nothing else. */
class PluginBlameTests {
    private final FilesystemType fs = mock(FilesystemType.class);
    private final Plugins plugins = TestGeometry.plugins(List.of(fs), null);

    private static Throwable thrownAt(String... classes) {
        Throwable t = new StackOverflowError();
        t.setStackTrace(java.util.Arrays.stream(classes).map(c -> new StackTraceElement(c, "m", null, 1))
                .toArray(StackTraceElement[]::new));
        return t;
    }

    @Test
    void theInnermostPluginFrameIsBlamed() {
        String arch = plugins.arch().getClass().getName();
        Throwable t = thrownAt("org.thplab.mm.memory.Mmu", arch, "org.thplab.mm.memory.Memory",
                fs.getClass().getName());
        assertEquals(Kernel.describePlugin(plugins.arch()), PluginBlame.of(t, plugins));
    }

    @Test
    void aThrowableOfTheCoresOwnIsNobodysPlugin() {
        assertNull(PluginBlame.of(thrownAt("org.thplab.mm.memory.Mmu", "org.thplab.launcher.script.ScriptRunner"),
                plugins));
    }
}
