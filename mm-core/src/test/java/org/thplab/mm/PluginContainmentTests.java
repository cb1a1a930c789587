package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.mm.fstest.HostileFs;
import org.thplab.mm.fstest.StaleCacheFs;

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

    @OnEveryArchitecture
    void faultAroundPassesOverACachedPageRecordedAtAnotherIndexAndAThrowingMapPagesIsContained(TestKernel k) {
        k.bootKernel(64L << 20, List.of(new StaleCacheFs()), null);
        if (k.page >= 65536) {
            k.assertAllMemoryBack(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no fault-around on 64 KiB pages");
        }
        Mount m = k.kernel.mount("stalefs", Map.of());
        FileHandle f = m.create("f");
        long stale = StaleCacheFs.stalePage;
        f.truncate(16 * k.page);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 16 * k.page, PROT_READ, true, f, 0);
        assertEquals(Access.SIGBUS, p.load(k.base).access(), "index 0 is not cached: the filesystem's SIGBUS");
        assertEquals(List.of(), k.kernel.takePluginFailures());
        assertEquals(1, k.kernel.machine().map.mapcount(stale), "mapped at index 5 only, never at index 1");

        FileHandle boom = m.create("boom");
        boom.truncate(16 * k.page);
        p.mmapFile(k.base + k.kernel.architecture().geometry().pmdSize(), 16 * k.page, PROT_READ, true, boom, 0);
        assertEquals(Access.SIGBUS, p.load(k.base + k.kernel.architecture().geometry().pmdSize()).access());
        List<String> failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).endsWith("mapPages threw java.lang.StackOverflowError: stalefs: mapPages recursed"),
                failures.get(0));
        f.truncate(0); // the filesystem drops its doubled entry: the invariants hold again
        boom.truncate(0);
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }
}
