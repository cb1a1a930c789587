package org.thplab.fs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/**
 * Extend this in a JUnit 5 test of your plugin and return your filesystem type: every test
 * mounts it in the real core on x86_64, ppc64 and ppc64-radix, and the invariant checker
 * recounts everything after each one (refcounts, mapcounts, team usage, counters, tables).
 *
 * <p>Files are sized in PMD multiples so that huge and small-page filesystems alike are
 * held to the same observable behaviour: what a process reads and writes, when it gets
 * SIGBUS, and that every frame comes back.
 */
public abstract class FilesystemConformanceKit extends BootedKit {
    /** For subclasses only: the kit is extended, never instantiated on its own. */
    protected FilesystemConformanceKit() {
    }

    /** A fresh instance of the filesystem type under test. */
    protected abstract FilesystemType filesystemType();

    /** Options your mount must refuse with an IllegalArgumentException naming the option. */
    protected abstract Map<String, String> badOptions();

    /** Options of the mounts the kit tests through; none unless overridden. */
    protected Map<String, String> mountOptions() {
        return Map.of();
    }

    @OnEveryArchitecture
    void badMountOptionsAreRefusedByName(TestMachine machine) {
        boot(machine);
        String type = filesystemType().name();
        for (var bad : badOptions().entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernel.mount(type, Map.of(bad.getKey(), bad.getValue())), "mount option " + bad);
            assertTrue(e.getMessage() != null && e.getMessage().contains(bad.getKey()),
                    "the refusal names the option '" + bad.getKey() + "': " + e.getMessage());
        }
    }

    /**
     * A launcher checks scripts against {@link FilesystemType#declaredOptions()} without mounting:
     * what the declaration accepts must mount, what it refuses (and any undeclared option) must not.
     */
    @OnEveryArchitecture
    void declaredOptionsAgreeWithWhatMountAccepts(TestMachine machine) {
        boot(machine);
        FilesystemType type = filesystemType();
        Geometry g = kernel.architecture().geometry();
        Optional<DeclaredOptions> declared = type.declaredOptions();
        if (declared.isEmpty()) {
            return; // undeclared: scripts are checked by mounting at run time
        }
        for (DeclaredOption option : declared.get().options()) {
            for (String value : DeclaredOptionSamples.accepted(option)) {
                kernel.mount(type.name(), Map.of(option.name(), value));
            }
            String refused = DeclaredOptionSamples.refused(option, g);
            assertThrows(IllegalArgumentException.class, () -> kernel.mount(type.name(),
                    Map.of(option.name(), refused)), option.name() + "=" + refused + " is refused by the declaration");
        }
        assertThrows(IllegalArgumentException.class, () -> kernel.mount(type.name(),
                Map.of("no-such-option", "1")), "an undeclared option");
    }

    @OnEveryArchitecture
    void sharedMappingsSeeEachOthersWritesAndEveryFrameComesBack(TestMachine machine) {
        FileHandle f = boot(machine).create("shared");
        f.truncate(2 * pmd);
        Process a = kernel.spawn();
        Process b = kernel.spawn();
        a.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        b.mmapFile(base + 4 * pmd, 2 * pmd, Process.PROT_READ, true, f, 0);
        for (long off = 0; off < 2 * pmd; off += page) {
            assertEquals(Access.OK, a.store(base + off, value(off)), "store at " + off);
        }
        kernel.check();
        for (long off = 0; off < 2 * pmd; off += page) {
            assertEquals(new Process.Load(Access.OK, value(off)), b.load(base + 4 * pmd + off), "load at " + off);
        }
        assertAllMemoryBack(f, a, b);
    }

    /**
     * The core maps only what a fault answers with that is the file's own page at the index
     * faulted (its frame, its page cache entry there, referenced): two files of one mount,
     * written side by side, each keep their own bytes and no answer is refused.
     */
    @OnEveryArchitecture
    void everyAnswerIsTheFilesOwnPage(TestMachine machine) {
        Mount m = boot(machine);
        FileHandle one = m.create("one");
        FileHandle two = m.create("two");
        one.truncate(4 * page);
        two.truncate(4 * page);
        Process p = kernel.spawn();
        p.mmapFile(base, 4 * page, Process.PROT_READ | Process.PROT_WRITE, true, one, 0);
        p.mmapFile(base + 2 * pmd, 4 * page, Process.PROT_READ | Process.PROT_WRITE, true, two, 0);
        for (long off = 0; off < 4 * page; off += page) {
            assertEquals(Access.OK, p.store(base + off, 1), "store to file one at " + off);
            assertEquals(Access.OK, p.store(base + 2 * pmd + off, 2), "store to file two at " + off);
        }
        for (long off = 0; off < 4 * page; off += page) {
            assertEquals(1, p.load(base + off).value(), "file one at " + off);
            assertEquals(2, p.load(base + 2 * pmd + off).value(), "file two at " + off);
        }
        assertEquals(List.of(), kernel.takePluginFailures(), "every answer was the file's own page");
        kernel.check();
        two.truncate(0);
        assertAllMemoryBack(one, p);
    }

    @OnEveryArchitecture
    void aPrivateMappingCopiesOnWriteAndLeavesTheFileAlone(TestMachine machine) {
        FileHandle f = boot(machine).create("private");
        f.truncate(pmd);
        Process writer = kernel.spawn();
        writer.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, writer.store(base, 5));
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, false, f, 0);
        assertEquals(5, p.load(base).value());
        assertEquals(Access.OK, p.store(base, 6));
        assertEquals(6, p.load(base).value(), "the private copy");
        assertEquals(5, writer.load(base).value(), "the file still holds what was written to it");
        assertAllMemoryBack(f, writer, p);
    }

    @OnEveryArchitecture
    void beyondTheEndOfTheFileIsSigbus(TestMachine machine) {
        FileHandle f = boot(machine).create("short");
        f.truncate(page);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        assertEquals(Access.OK, p.store(base, 1));
        assertEquals(Access.SIGBUS, p.load(base + pmd).access(), "a whole PMD beyond the end of the file");
        assertEquals(Access.SIGBUS, p.store(base + pmd + page, 1));
        assertAllMemoryBack(f, p);
    }

    @OnEveryArchitecture
    void truncateUnmapsEveryMappingOfWhatItRemoves(TestMachine machine) {
        FileHandle f = boot(machine).create("truncated");
        f.truncate(2 * pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        Process q = kernel.spawn();
        q.mmapFile(base, 2 * pmd, Process.PROT_READ | Process.PROT_WRITE, false, f, 0);
        for (long off = 0; off < 2 * pmd; off += page) {
            p.store(base + off, 3);
        }
        assertEquals(Access.OK, q.store(base + pmd, 4), "a private copy");
        f.truncate(pmd);
        assertEquals(f.size(), pmd);
        kernel.check();
        assertEquals(Access.SIGBUS, p.load(base + pmd).access(), "the shared mapping lost the truncated pages");
        assertEquals(Access.SIGBUS, q.load(base + pmd).access(), "truncate removes private copies too");
        assertEquals(3, p.load(base + pmd - page).value(), "what is left is intact");
        assertAllMemoryBack(f, p, q);
    }

    @OnEveryArchitecture
    void aPunchedHoleReadsAsZerosButPrivateCopiesStay(TestMachine machine) {
        FileHandle f = boot(machine).create("punched");
        f.truncate(pmd);
        Process p = kernel.spawn();
        p.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
        Process q = kernel.spawn();
        q.mmapFile(base, pmd, Process.PROT_READ | Process.PROT_WRITE, false, f, 0);
        for (long off = 0; off < pmd; off += page) {
            p.store(base + off, 7);
        }
        assertEquals(Access.OK, q.store(base + page, 8), "a private copy");
        f.punchHole(page, 2 * page);
        kernel.check();
        assertEquals(new Process.Load(Access.OK, 0), p.load(base + page), "the hole reads as zeros");
        assertEquals(new Process.Load(Access.OK, 0), p.load(base + 2 * page));
        assertEquals(7, p.load(base).value(), "pages outside the hole keep their data");
        assertEquals(7, p.load(base + 3 * page).value());
        assertEquals(8, q.load(base + page).value(), "a punch leaves private copies");
        assertEquals(pmd, f.size(), "a punch keeps the size");
        assertAllMemoryBack(f, p, q);
    }

    private static int value(long off) {
        return (int) (off >>> 12) % 100 + 1; // 1..100: a byte of content per page, never 0
    }

    /** Exits the processes, truncates the file to nothing, and expects every frame back. */
    private void assertAllMemoryBack(FileHandle f, Process... procs) {
        machine.release(List.of(f), procs);
        kernel.reclaim();
        machine.assertAllMemoryBack();
    }
}
