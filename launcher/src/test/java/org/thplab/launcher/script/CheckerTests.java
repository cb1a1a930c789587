package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FilesystemType;

/**
 * A whole script checked: names against what earlier lines made, knobs and mount options
 * against what the plugins declare, and no plugin code run (no mount, no policy started).
 */
class CheckerTests {
    private FilesystemType tmpfs;
    private FilesystemType undeclared;
    private AnonymousMemoryType anon;

    @BeforeEach
    void plugins() {
        tmpfs = mock(FilesystemType.class);
        when(tmpfs.name()).thenReturn("tmpfs");
        when(tmpfs.declaredOptions()).thenReturn(Optional.of(DeclaredOptions.of("tmpfs",
                DeclaredOption.words("huge", "never", "always"), DeclaredOption.size("size"))));
        undeclared = mock(FilesystemType.class);
        when(undeclared.name()).thenReturn("ramfs");
        when(undeclared.declaredOptions()).thenReturn(Optional.empty());
        anon = mock(AnonymousMemoryType.class);
        when(anon.name()).thenReturn("anon-thp");
        when(anon.declaredKnobs(any())).thenReturn(Optional.of(new DeclaredOptions(List.of(
                DeclaredOption.words("enabled", "always", "never"),
                DeclaredOption.number("max_ptes_none", 0, 511)), "bad %s=%s: expected %s", "%s%s")));
    }

    private List<String> errors(AnonymousMemoryType anonymous, String... lines) {
        return Script.read("S", List.of(lines), TestGeometry.plugins(List.of(tmpfs, undeclared), anonymous)).errors();
    }

    private List<String> errors(String... lines) {
        return errors(anon, lines);
    }

    @Test
    void aValidScriptGivesItsCommandsAndRunsNoPluginCode() {
        Script s = Script.read("S", List.of("thp enabled=never max_ptes_none=511", "# only a comment", "",
                "mount M huge=always size=1pmd", "mount R type=ramfs anything=goes", "file F M 2pmd",
                "map p0 A file F 2pmd", "fork p0 p1", "munmap p1 A 0 1pmd", "exit p0", "smaps p1 A"),
                TestGeometry.plugins(List.of(tmpfs, undeclared), anon));
        assertEquals(List.of(), s.errors());
        assertEquals(List.of(1, 4, 5, 6, 7, 8, 9, 10, 11), s.commands().stream().map(Command::line).toList());
        verify(tmpfs, never()).mount(any(), any());
        verify(undeclared, never()).mount(any(), any());
        verify(anon, never()).start(any());
    }

    @Test
    void namesMustExistAtThatPointOfTheScript() {
        assertEquals(List.of("S:1: no live process named p1", "S:3: region A of p0 exists already",
                "S:5: process p0 is alive already", "S:6: no mount named M", "S:8: process p0 has no region named A",
                "S:9: mremap to B: expected a new region name, or C itself"),
                errors("map p1 A anon 4K", "map p0 A anon 4K", "map p0 A anon 4K", "mremap p0 A B",
                        "fork p0 p0", "file F M 4K", "map p0 C anon 4K", "smaps p0 A", "mremap p0 C B"));
    }

    @Test
    void rangesLieInsideTheirRegionAtItsLengthThen() {
        assertEquals(List.of("S:3: range 4K 4K reaches past the end of region B (4096 bytes)"),
                errors("map p0 A anon 2page", "mremap p0 A B len=1page", "read p0 B 4K 4K", "read p0 B 0 4K"));
    }

    @Test
    void aLineWithTwoErrorsReportsTheFirstInReadingOrder() {
        assertEquals(List.of("S:1: no live process named p9", "S:2: process p0 has no region named Z",
                "S:3: length 0: expected more than 0", "S:5: mount M exists already"),
                errors("map p9 A anon 0", "write p0 Z 0 4K 999", "map p0 A anon 0", "mount M", "mount M huge"));
    }

    @Test
    void knobsAndMountOptionsAreCheckedAgainstTheDeclarations() {
        assertEquals(List.of("S:1: bad enabled=sometimes: expected always or never",
                "S:2: bad max_ptes_none=512: expected 0 to 511",
                "S:3: unknown THP knob 'colour': expected one of [enabled, max_ptes_none, shmem_enabled]",
                "S:4: shmem_enabled=sometimes: expected always, within_size, advise, never, deny or force",
                "S:5: tmpfs: bad huge=1: expected never or always",
                "S:6: tmpfs: unknown option 'nr_inodes': expected huge=never|always or size=SIZE",
                "S:7: tmpfs: bad size=12Q: expected a non-negative integer with optional unit K, M, G, page or pmd",
                "S:8: unknown filesystem type 'ext4': expected one of [ramfs, tmpfs] (a plugin may provide it:"
                        + " add it with --plugin PATH; 'thplab modules' lists the loaded ones)"),
                errors("thp enabled=sometimes", "thp max_ptes_none=512", "thp colour=blue",
                        "thp shmem_enabled=sometimes", "mount A huge=1", "mount B nr_inodes=5", "mount C size=12Q",
                        "mount D type=ext4", "mount E type=ramfs whatever=1"));
    }

    @Test
    void withoutAnAnonymousMemoryPluginOnlyShmemEnabledIsAKnob() {
        assertEquals(List.of("S:1: unknown THP knob 'enabled': expected one of [shmem_enabled]"
                + " (no anonymous-memory plugin is loaded)"),
                errors((AnonymousMemoryType) null, "thp enabled=never", "thp shmem_enabled=force"));
    }

    @Test
    void anUndeclaredPolicyIsLeftToRefuseAtRunTime() {
        when(anon.declaredKnobs(any())).thenReturn(Optional.empty());
        assertEquals(List.of(), errors("thp anything=goes"));
    }

    @Test
    void memoryComesFirstAndInPmdMultiples() {
        assertEquals(List.of("S:1: memory 3M: expected a positive multiple of the PMD size 2097152",
                "S:4: memory must come before the first map or file"),
                errors("memory 3M", "memory 4M", "map p0 A anon 4K", "memory 3M"));
    }

    @Test
    void errorsThatFollowOnlyFromAFailedLineAreNotReportedAgain() {
        assertEquals(List.of("S:1: unknown filesystem type 'ext4': expected one of [ramfs, tmpfs] (a plugin may"
                + " provide it: add it with --plugin PATH; 'thplab modules' lists the loaded ones)",
                "S:5: no live process named p9", "S:7: no file named G", "S:9: no live process named q"),
                errors("mount M type=ext4", "file F M 4K", "map p0 A file F 4K", "write p0 A 0 4K", "fork p9 c",
                        "smaps c A", "map p0 B file G 4K", "smaps p0 B", "exit q"));
        assertEquals(List.of("S:1: unknown filesystem type 'ext4': expected one of [ramfs, tmpfs] (a plugin may"
                + " provide it: add it with --plugin PATH; 'thplab modules' lists the loaded ones)"),
                errors("mount M type=ext4", "mount M", "file F M 4K", "map p0 A file F 4K"),
                "a later line may make the name after all");
    }

    @Test
    void aRepeatedOrContradictoryOptionIsRefused() {
        assertEquals(List.of("S:1: 'shared' repeats or contradicts 'private': expected each option once",
                "S:2: 'huge=never' repeats or contradicts 'huge=always': expected each option once",
                "S:3: 'enabled=always' repeats or contradicts 'enabled=never': expected each option once",
                "S:4: 'prot=r' repeats or contradicts 'prot=rw': expected each option once",
                "S:6: 'len=4K' repeats or contradicts 'len=8K': expected each option once"),
                errors("map p0 A anon 4K private shared", "mount M huge=always huge=never",
                        "thp enabled=never enabled=always", "map p0 B anon 4K prot=rw prot=r", "map p0 C anon 8K",
                        "mremap p0 C D len=8K len=4K"));
    }

    @Test
    void anMmapLengthIsRoundedUpToWholePagesAsLinuxDoes() {
        Script s = Script.read("S", List.of("map p0 A anon 4097", "write p0 A 4K 4K", "read p0 A 8K 4K"),
                TestGeometry.plugins(List.of(tmpfs), anon));
        assertEquals(List.of("S:3: range 8K 4K reaches past the end of region A (8192 bytes)"), s.errors());
        assertEquals(8192, ((Command.Map) s.commands().get(0)).length());
    }

    @Test
    void aPluginWhoseDeclarationFailsIsNamedInOneLine() {
        when(tmpfs.declaredOptions()).thenThrow(new IllegalStateException("no table"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> errors("meminfo"));
        assertEquals("plugin tmpfs failed to declare its options: java.lang.IllegalStateException: no table",
                e.getMessage());
    }
}
