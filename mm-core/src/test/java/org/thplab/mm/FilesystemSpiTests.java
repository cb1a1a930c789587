package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.mm.fstest.SpiTeamFs;

/** A filesystem written against the SPI alone, mounted, mapped, truncated and punched through the core. */
class FilesystemSpiTests {

    private static Mount mount(TestKernel k, Map<String, String> options) {
        return k.bootKernel(256L << 20, List.of(new SpiTeamFs()), null).mount("teamfs", options);
    }

    @OnEveryArchitecture
    void aHugeMountMapsTeamsByPmdAndAPunchDisbandsOne(TestKernel k) {
        Mount m = mount(k, Map.of("huge", "1"));
        FileHandle f = m.create("data");
        f.truncate(2 * k.pmd);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(k.base + k.page, 7));
        assertEquals(Access.OK, p.store(k.base + k.pmd, 8));
        k.kernel.check();
        assertEquals(new Meminfo(0, 2 * k.pmd, 2 * k.pmd, 2 * k.pmd, 0, k.kernel.meminfo().memFree(), k.kernel.meminfo().pageTables(), 0),
                k.kernel.meminfo());
        f.punchHole(k.page, k.page);
        k.kernel.check();
        assertEquals(k.pmd, k.kernel.meminfo().shmemHugePages(), "the punched team was disbanded");
        assertEquals(k.pmd, k.kernel.meminfo().shmemPmdMapped());
        assertEquals(2 * k.pmd - k.page, k.kernel.meminfo().shmem());
        assertEquals(new Load(Access.OK, 0), p.load(k.base + k.page), "the hole reads as zeros again");
        assertEquals(8, p.load(k.base + k.pmd).value());
        f.truncate(0);
        k.kernel.check();
        assertEquals(Access.SIGBUS, p.load(k.base).access(), "beyond the end of the file");
        assertEquals(0, k.kernel.meminfo().shmem());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aPrivateMappingKeepsItsCopiesThroughAPunchButNotATruncate(TestKernel k) {
        Mount m = mount(k, Map.of());
        FileHandle f = m.create("data");
        f.truncate(4 * k.page);
        Process p = k.kernel.spawn();
        p.mmapFile(k.base, 4 * k.page, PROT_READ | PROT_WRITE, false, f, 0);
        p.store(k.base, 5);
        f.punchHole(0, k.page);
        assertEquals(5, p.load(k.base).value(), "a punch leaves private copies");
        f.truncate(0);
        assertEquals(Access.SIGBUS, p.load(k.base).access(), "a truncate removes them too");
        k.kernel.check();
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void mountErrorsNameWhatWasExpected(TestKernel k) {
        mount(k, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.kernel.mount("teamfs", Map.of("huge", "2")));
        assertEquals("teamfs: bad option 'huge=2': expected huge=0|1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.kernel.mount("ext4", Map.of()));
        assertEquals("unknown filesystem type 'ext4': expected one of [teamfs]", e.getMessage());
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void aFilesystemCannotTouchTheCoresPages(TestKernel k) {
        mount(k, Map.of());
        var services = new org.thplab.mm.plugin.FsServicesImpl("rogue", 99, k.kernel.machine().g, k.kernel.machine().stat,
                k.kernel.machine().map, k.kernel.machine().buddy, k.kernel.machine().refs, k.kernel.huge().teams(), ops -> null,
                () -> "never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> services.pages().putPage(k.kernel.machine().zeroPfn));
        assertTrue(e.getMessage().startsWith("rogue: pfn "), e.getMessage());
        long p = services.pages().allocPages(0);
        assertThrows(IllegalArgumentException.class,
                () -> services.pages().changeFlags(p, org.thplab.api.fs.PageFlags.ANON, 0), "ANON is the core's");
        assertThrows(InvariantViolation.class, k.kernel::check, "a page held outside any cache or mapping is a leak");
        services.pages().putPage(p);
        k.kernel.check();
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void rangesOfPagesAreCheckedAsSinglePagesAre(TestKernel k) {
        mount(k, Map.of());
        var m = k.kernel.machine();
        var services = new org.thplab.mm.plugin.FsServicesImpl("rogue", 99, m.g, m.stat, m.map, m.buddy, m.refs,
                k.kernel.huge().teams(), ops -> null, () -> "never");
        var pages = services.pages();
        int order = m.g.hpagePmdOrder();
        int nr = m.g.hpagePmdNr();
        long head = pages.allocPages(order);
        pages.splitPage(head, order);
        pages.changeFlagsRange(head, nr, org.thplab.api.fs.PageFlags.DIRTY, 0);
        assertEquals(nr, pages.countFlagged(head, nr, org.thplab.api.fs.PageFlags.DIRTY));
        assertFalse(m.map.materialized(head), "a whole team's flags change as one record");
        assertThrows(IllegalArgumentException.class,
                () -> pages.changeFlagsRange(head, nr, org.thplab.api.fs.PageFlags.ANON, 0), "ANON is the core's");
        pages.putPage(head + 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pages.changeFlagsRange(head, nr, org.thplab.api.fs.PageFlags.DIRTY, 0));
        assertTrue(e.getMessage().startsWith(String.format("rogue: pfn %#x ", head + 5)), e.getMessage());
        for (long p = head; p < head + nr; p++) {
            if (p != head + 5) {
                pages.changeFlags(p, 0, org.thplab.api.fs.PageFlags.DIRTY);
                pages.putPage(p);
            }
        }
        k.kernel.check();
        k.assertAllMemoryBack(null);
    }
}
