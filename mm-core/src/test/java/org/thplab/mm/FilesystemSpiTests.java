package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.List;
import java.util.Map;
import org.thplab.mm.fstest.SpiTeamFs;

/** A filesystem written against the SPI alone, mounted, mapped, truncated and punched through the core. */
class FilesystemSpiTests extends KernelTestBase {

    private Mount mount(String arch, Map<String, String> options) {
        kernel = Kernel.boot(Architectures4Test.named(arch), 256L << 20, List.of(new SpiTeamFs()));
        g = kernel.architecture().geometry();
        page = g.pageSize();
        pmd = g.pmdSize();
        base = 8 * pmd;
        free = kernel.freeFrames();
        return kernel.mount("teamfs", options);
    }

    @OnEveryArchitecture
    void aHugeMountMapsTeamsByPmdAndAPunchDisbandsOne(String arch) {
        Mount m = mount(arch, Map.of("huge", "1"));
        FileHandle f = m.create("data");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, PROT_READ | PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base + page, 7));
        assertEquals(Access.OK, p.store(base + pmd, 8));
        kernel.check();
        assertEquals(new Meminfo(0, 2 * pmd, 2 * pmd, 2 * pmd, 0, kernel.meminfo().memFree(), kernel.meminfo().pageTables(), 0),
                kernel.meminfo());
        f.punchHole(page, page);
        kernel.check();
        assertEquals(pmd, kernel.meminfo().shmemHugePages(), "the punched team was disbanded");
        assertEquals(pmd, kernel.meminfo().shmemPmdMapped());
        assertEquals(2 * pmd - page, kernel.meminfo().shmem());
        assertEquals(new Load(Access.OK, 0), p.load(base + page), "the hole reads as zeros again");
        assertEquals(8, p.load(base + pmd).value());
        f.truncate(0);
        kernel.check();
        assertEquals(Access.SIGBUS, p.load(base).access(), "beyond the end of the file");
        assertEquals(0, kernel.meminfo().shmem());
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void aPrivateMappingKeepsItsCopiesThroughAPunchButNotATruncate(String arch) {
        Mount m = mount(arch, Map.of());
        FileHandle f = m.create("data");
        f.truncate(4 * page);
        Process p = kernel.spawn();
        p.mmapFile(base, 4 * page, PROT_READ | PROT_WRITE, false, f, 0);
        p.store(base, 5);
        f.punchHole(0, page);
        assertEquals(5, p.load(base).value(), "a punch leaves private copies");
        f.truncate(0);
        assertEquals(Access.SIGBUS, p.load(base).access(), "a truncate removes them too");
        kernel.check();
        assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void mountErrorsNameWhatWasExpected(String arch) {
        mount(arch, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.mount("teamfs", Map.of("huge", "2")));
        assertEquals("teamfs: bad option 'huge=2': expected huge=0|1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kernel.mount("ext4", Map.of()));
        assertEquals("unknown filesystem type 'ext4': expected one of [teamfs]", e.getMessage());
    }

    @OnEveryArchitecture
    void aFilesystemCannotTouchTheCoresPages(String arch) {
        mount(arch, Map.of());
        var services = new org.thplab.mm.plugin.FsServicesImpl("rogue", kernel.machine().g, kernel.machine().stat,
                kernel.machine().map, kernel.machine().buddy, kernel.machine().refs, kernel.huge().teams(), ops -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> services.pages().putPage(kernel.machine().zeroPfn));
        assertTrue(e.getMessage().startsWith("rogue: pfn "), e.getMessage());
        long p = services.pages().allocPages(0);
        assertThrows(IllegalArgumentException.class,
                () -> services.pages().changeFlags(p, org.thplab.api.fs.PageFlags.ANON, 0), "ANON is the core's");
        assertThrows(InvariantViolation.class, kernel::check, "a page held outside any cache or mapping is a leak");
        services.pages().putPage(p);
        kernel.check();
    }
}
