package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.Mockito.*;

import org.junit.jupiter.api.Test;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;

class KernelTests {
    private static Architecture arch(Geometry g) {
        Architecture a = mock(Architecture.class);
        when(a.name()).thenReturn("test");
        when(a.geometry()).thenReturn(g);
        return a;
    }

    private static final Geometry X86 = new Geometry(12, 21, 30, 39, 512, 512, 512, 512, 4096, 1, 4096, 46, 47);

    @Test
    void bootsWithDefaultAndVeryLargeMemories() {
        Kernel k = Kernel.boot(arch(X86), Kernel.DEFAULT_MEMORY);
        assertEquals(4L << 20, k.frames());
        assertEquals(1L << 40, Kernel.boot(arch(X86), 1L << 40).memoryBytes(), "1 TiB must be possible");
        assertEquals(1L << 46, Kernel.boot(arch(X86), 1L << 46).memoryBytes(), "all that 46 bits reach");
    }

    @Test
    void rejectsSizesTheArchitectureCannotHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernel.boot(arch(X86), 3L << 20));
        assertEquals("memory size 3145728: expected a positive multiple of the test huge page size (2097152 bytes)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Kernel.boot(arch(X86), (1L << 46) + (2L << 20)));
        assertTrue(e.getMessage().contains("expected at most 70368744177664 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernel.boot(arch(X86), 0));
    }
}
