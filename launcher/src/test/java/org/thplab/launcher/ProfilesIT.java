package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles choose the bundled plugins a run loads: a second profile built here from the
 * third-party cow-split policy (bundled beside the reactor's jars) changes what a script prints,
 * the same under both runtimes; bad profiles and conflicting choices are one line, exit 2.
 */
class ProfilesIT {
    private static final Path DIST = PluginJars.DIST;
    private static final Path ROOT = TestBundle.ROOT;

    @TempDir
    static Path work;
    private static TestBundle bundle;
    /** The reactor's plugins and the cow-split policy, as a bundled folder. */
    private static Path bundled;
    /** The repository's profiles and {@code cow-split} (fs-shmem and the cow-split policy). */
    private static Path profiles;
    private static Path otherTmpfs;

    @BeforeAll
    static void bundleTheThirdPartyPolicy() throws IOException {
        bundle = TestBundle.build(work);
        bundled = bundle.bundled();
        profiles = bundle.profiles();
        otherTmpfs = bundle.otherTmpfs();
    }

    private static CliResult thplab(String runtime, String... args) {
        return bundle.thplab(runtime, args);
    }

    static Path cowAfterFork() throws IOException {
        return Files.writeString(work.resolve("cow.wl"), String.join("\n",
                "thp enabled=always",
                "map p0 A anon 1pmd",
                "write p0 A 0 1pmd 1",
                "fork p0 p1",
                "write p1 A 0 1page 2",
                "layout p0 A",
                "layout p1 A",
                "verify p1 A 0 1page 2",
                "verify p0 A 0 1page 1") + "\n");
    }

    @Test
    void theProfileChoosesTheAnonymousPolicyUnderBothRuntimes() throws IOException {
        Path script = cowAfterFork();
        CliResult seed = thplab("jpms", "run", script.toString(), "--check");
        assertEquals(0, seed.status(), seed.err());
        assertEquals(seed, thplab("jpms", "run", script.toString(), "--check", "--profile", "seed"),
                "seed is the default");
        assertEquals(seed, thplab("osgi", "run", script.toString(), "--check"));
        assertTrue(seed.out().contains("layout p0 A H\nlayout p1 A H\n"),
                "the seed copies the whole THP for the child's write: " + seed.out());

        CliResult cow = thplab("jpms", "run", script.toString(), "--check", "--profile", "cow-split");
        assertEquals(0, cow.status(), cow.err());
        assertEquals(cow, thplab("osgi", "run", script.toString(), "--check", "--profile", "cow-split"));
        assertTrue(cow.out().contains("layout p0 A H\nlayout p1 A p\n"),
                "cow-split splits the writer's PMD and copies one page: " + cow.out());
    }

    @Test
    void theDefaultProfileRunsWhatTheBundledFolderAloneRanBefore() throws IOException {
        // A bundled folder without profiles loads every jar in it, as before profiles: with the
        // reactor's plugins that is exactly the seed's modules, so the two runs must agree byte for byte.
        Path tour = ROOT.resolve("examples/tour.wl");
        Path bare = work.resolve("bare/plugins");
        Files.createDirectories(bare);
        try (Stream<Path> jars = Files.list(DIST.resolve("plugins"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().contains("linux6")).toList()) {
                Files.copy(jar, bare.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        CliResult before = run("run", tour.toString(), "--plugins-dir", bare.toString());
        CliResult seed = run("run", tour.toString(), "--plugins-dir", DIST.resolve("plugins").toString());
        assertEquals(0, seed.status(), seed.err());
        assertEquals(before, seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi", "check"})
    void anUnknownProfileListsTheKnownOnes(String how) throws IOException {
        CliResult r = how.equals("check") ? thplab("jpms", "check", cowAfterFork().toString(), "--profile", "linux6")
                : thplab(how, "run", cowAfterFork().toString(), "--profile", "linux6");
        assertEquals(new CliResult(2, "", "thplab: unknown profile 'linux6': expected one of [cow-split, linux-6, seed]"
                + " (profiles in " + profiles + ")\n"), r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void aBadProfileFileIsNamedWithItsFile(String runtime, @TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("typo.profile"), "# a typo\nmodles = org.thplab.fs.shmem\n");
        Files.writeString(dir.resolve("ghost.profile"), "modules = org.thplab.fs.shmem org.example.ghost\n");
        Files.writeString(dir.resolve("seed.profile"), "modules = org.thplab.fs.shmem, org.thplab.fs.anon\n");
        Path script = cowAfterFork();
        List<String> common = List.of("--plugins-dir", bundled.toString(), "--profiles-dir", dir.toString(),
                "--runtime", runtime, "--osgi-dir", DIST.resolve("osgi").toString());
        CliResult typo = run(args(List.of("run", script.toString(), "--profile", "typo"), common));
        assertEquals(new CliResult(2, "", "thplab: profile typo (" + dir.resolve("typo.profile")
                + "): unknown key 'modles'; expected description, modules\n"), typo);
        CliResult ghost = run(args(List.of("run", script.toString(), "--profile", "ghost"), common));
        assertEquals(new CliResult(2, "", "thplab: profile ghost names module org.example.ghost, which no bundled"
                + " plugin provides (plugins in " + bundled + ")\n"), ghost);
        CliResult seed = run(args(List.of("run", script.toString()), common));
        assertEquals(0, seed.status(), "a broken profile beside it does not stop another: " + seed.err());
        CliResult modules = run("modules", "--plugins-dir", bundled.toString(), "--profiles-dir", dir.toString());
        assertEquals(typo.err(), modules.err(), "modules reads every profile");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpms", "osgi"})
    void aConflictWithAPluginNamesWhereEachCameFrom(String runtime) throws IOException {
        CliResult r = thplab(runtime, "run", cowAfterFork().toString(), "--plugin", otherTmpfs.toString());
        assertEquals(new CliResult(2, "", "thplab: filesystem type 'tmpfs' is provided twice: org.thplab.fs.shmem"
                + " (profile seed) and org.example.tmpfs (--plugin " + otherTmpfs + ")\n"), r);
        CliResult policies = thplab(runtime, "run", cowAfterFork().toString(), "--profile", "cow-split", "--plugin",
                DIST.resolve("plugins").resolve(jarName("fs-anon-")).toString());
        assertEquals(2, policies.status());
        assertEquals("thplab: two anonymous-memory plugins are loaded (cow-split in org.example.cowsplit (profile"
                + " cow-split) and anon-thp in org.thplab.fs.anon (--plugin " + DIST.resolve("plugins")
                .resolve(jarName("fs-anon-")) + ")): keep one\n", policies.err());
    }

    @Test
    void aProfileNeedsAProfilesFolderAndIsGivenOnce(@TempDir Path dir) throws IOException {
        Path lone = Files.createDirectories(dir.resolve("plugins"));
        CliResult r = run("run", cowAfterFork().toString(), "--plugins-dir", lone.toString(), "--profile", "seed");
        assertEquals(new CliResult(2, "", "thplab: --profile seed: no profiles folder; pass --profiles-dir DIR\n"), r);
        CliResult twice = thplab("jpms", "run", cowAfterFork().toString(), "--profile", "seed", "--profile", "seed");
        assertEquals(2, twice.status());
        assertTrue(twice.err().startsWith("thplab: option '--profile' (NAME) should be specified only once"),
                twice.err());
    }

    @Test
    void modulesListsTheProfilesAndEveryProviderOfAType() {
        CliResult all = run("modules", "--plugins-dir", bundled.toString(), "--profiles-dir", profiles.toString(),
                "--plugin", otherTmpfs.toString());
        assertEquals(0, all.status(), all.err());
        assertTrue(all.out().contains("filesystems:\n  tmpfs        module org.example.tmpfs\n"
                + "  tmpfs        module org.thplab.fs.shmem\n"), all.out());
        assertTrue(all.out().contains("\n  anon-thp     module org.thplab.fs.anon\n")
                && all.out().contains("\n  cow-split    module org.example.cowsplit\n"),
                "every bundled policy, no profile asked: " + all.out());
        assertTrue(all.out().endsWith("profiles (* the default):\n"
                + "  cow-split    modules org.thplab.fs.shmem, org.example.cowsplit\n"
                + "               test profile cow-split\n"
                + "  linux-6      modules org.thplab.fs.shmem.linux6" + missing("shmem.linux6")
                + ", org.thplab.fs.anon.linux6" + missing("anon.linux6") + "\n"
                + "               Linux 6.18: huge tmpfs as compound pages, copy-on-write splits the PMD\n"
                + "  seed *       modules org.thplab.fs.shmem, org.thplab.fs.anon\n"
                + "               the seed: huge tmpfs as teams, Linux 4.6's anonymous THP\n"), all.out());

        CliResult one = run("modules", "--plugins-dir", bundled.toString(), "--profiles-dir", profiles.toString(),
                "--profile", "cow-split");
        assertEquals(0, one.status(), one.err());
        assertTrue(one.out().contains("anonymous memory:\n  cow-split    module org.example.cowsplit\nprofiles"),
                "only what cow-split loads: " + one.out());
        assertTrue(one.out().contains("x86_64") && one.out().contains("ppc64"), "every architecture: " + one.out());
    }

    /** {@code " (missing)"} unless the bundled folder has the linux-6 module named (once it is built). */
    private static String missing(String module) {
        return jarName("fs-" + module.replace(".linux6", "-linux6") + "-") == null ? " (missing)" : "";
    }

    private static String jarName(String prefix) {
        try (Stream<Path> jars = Files.list(DIST.resolve("plugins"))) {
            return jars.map(j -> j.getFileName().toString()).filter(n -> n.startsWith(prefix)
                    && n.substring(prefix.length()).matches("[0-9].*")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String[] args(List<String> first, List<String> then) {
        return Stream.concat(first.stream(), then.stream()).toArray(String[]::new);
    }
}
