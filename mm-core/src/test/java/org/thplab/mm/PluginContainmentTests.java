package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.mm.fstest.HostileFs;

/** A fault handler that throws or lies is contained: SIGBUS for the access, a report naming it, invariants intact. */
class PluginContainmentTests {

    @OnEveryArchitecture
    void aThrowingOrLyingFaultHandlerCostsTheAccessASigbusAndNothingElse(TestKernel k) {
        k.bootKernel(64L << 20, List.of(new HostileFs()), null);
        FileHandle f = k.kernel.mount("hostilefs", Map.of()).create("f");
        f.truncate(4 * k.page);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 4 * k.page, PROT_READ | PROT_WRITE, true, f, 0);

        assertEquals(Access.SIGBUS, p.load(k.base).access());
        List<String> failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("plugin ") && failures.get(0).contains("(" + HostileFs.class.getName()
                + "$File): fault threw java.lang.IllegalStateException: hostilefs: page 0 is cursed"), failures.get(0));
        k.kernel.check();

        assertEquals(Access.SIGBUS, p.store(k.base + k.page, 3));
        failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).endsWith(String.format("fault answered 0x0 with page %#x, which is not a page of this"
                + " machine", HostileFs.BOGUS_PAGE)), failures.get(0));
        k.kernel.check();

        assertEquals(Access.SIGBUS, p.load(k.base + 2 * k.page).access(), "an honest SIGBUS is not a plugin failure");
        assertEquals(List.of(), k.kernel.takePluginFailures());
        f.punchHole(0, k.page);
        failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).endsWith("$File): punchHole threw java.lang.UnsupportedOperationException:"
                + " hostilefs: no holes here"), failures.get(0));
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class, () -> f.truncate(-1));
        assertEquals("hostilefs: negative size -1", refusal.getMessage(), "a refusal reaches the caller unchanged");
        assertEquals(List.of(), k.kernel.takePluginFailures());
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void mountCreateAndCollapseFailuresNameThePlugin(TestKernel k) {
        k.bootKernel(64L << 20, List.of(new HostileFs()), null);
        long pmdSize = k.kernel.architecture().geometry().pmdSize();
        IllegalStateException mount = assertThrows(IllegalStateException.class,
                () -> k.kernel.mount("hostilefs", Map.of("explode", "1")));
        assertTrue(mount.getMessage().endsWith("(" + HostileFs.class.getName() + "): mount threw"
                + " java.lang.ArithmeticException: hostilefs: mount exploded"), mount.getMessage());
        Mount m = k.kernel.mount("hostilefs", Map.of());
        IllegalStateException create = assertThrows(IllegalStateException.class, () -> m.create("boom"));
        assertTrue(create.getMessage().contains("create threw java.lang.IndexOutOfBoundsException"), create.getMessage());

        FileHandle f = m.create("f");
        f.truncate(pmdSize);
        Process p = k.kernel.spawn();
        p.mmapFile(8 * pmdSize, pmdSize, PROT_READ, true, f, 0);
        assertFalse(p.collapse(8 * pmdSize, pmdSize), "a collapse that threw collapsed nothing");
        List<String> failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).endsWith("$File): collapse threw java.lang.UnsupportedOperationException:"
                + " hostilefs: collapse exploded"), failures.get(0));
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }
}
