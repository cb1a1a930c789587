package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thplab fuzz} as a plugin author runs it: a filesystem with a planted bug (corruptfs
 * scribbles over a cached page from its fifth such fault on) is found within a fixed number of
 * seeds and shrunk to a script of at most ten commands that {@code run --check} fails on; the
 * bundled plugins pass a fixed number of seeds on every architecture; bad command lines are one
 * line and exit 2. Bounded by seeds, never by time, so that it runs the same everywhere.
 */
class FuzzCommandIT {
    private static final Path DIST = PluginJars.DIST;

    @TempDir
    static Path work;
    private static Path corruptfs;

    @BeforeAll
    static void buildThePlantedBug() throws IOException {
        List<String> sources = PluginJars.resources("fuzz-plugin", work.resolve("src"), "module-info.java",
                "org/example/corruptfs/Corruptfs.java");
        PluginJars.compile(work.resolve("classes"), sources);
        corruptfs = PluginJars.jar(work.resolve("classes"), work.resolve("corruptfs-1.0.jar"), "org.example.corruptfs",
                "org.thplab.api.fs;version=\"[0.1,1)\"", "org.thplab.api.fs.FilesystemType",
                "org.example.corruptfs.Corruptfs", "org.example.corruptfs.Corruptfs$Leakyfs");
    }

    private static String bundled() {
        return DIST.resolve("plugins").toString();
    }

    @Test
    void aPlantedBugIsFoundAndShrunkToAScriptRunCheckFailsOn() throws IOException {
        Path out = work.resolve("found");
        CliResult fuzz = run("fuzz", "--plugins-dir", bundled(), "--profile", "seed", "--plugin", corruptfs.toString(),
                "--fs", "tmpfs", "--fs", "corruptfs", "--seed", "1", "--seeds", "200", "-o", out.toString());
        assertEquals(1, fuzz.status(), fuzz.err());
        Path reproducer = Path.of(fuzz.out().strip());
        assertTrue(reproducer.startsWith(out) && reproducer.getFileName().toString().endsWith(".wl"), fuzz.out());
        List<String> lines = Files.readAllLines(reproducer);
        assertTrue(lines.get(0).startsWith("# thplab fuzz --arch x86_64 --seed "), lines.get(0));
        assertTrue(lines.get(1).startsWith("# ./thplab run --check --arch x86_64 --profile seed --plugin " + corruptfs
                + " " + reproducer + " fails with exit status 1"), lines.get(1));
        List<String> commands = lines.stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(commands.size() <= 10, "at most ten commands: " + commands);
        assertTrue(commands.stream().anyMatch(l -> l.startsWith("mount ") && l.contains("type=corruptfs")),
                "the bug is the plugin's, so its filesystem stays: " + commands);
        assertTrue(commands.stream().anyMatch(l -> l.matches("verify .* bad=\\d+")), commands.toString());

        CliResult replay = run("run", "--check", reproducer.toString(), "--plugins-dir", bundled(), "--profile", "seed",
                "--plugin", corruptfs.toString());
        assertEquals(1, replay.status(), "a verify's count is wrong: " + replay.err());
        assertTrue(replay.err().startsWith("expect failed at "), replay.err());
        assertTrue(lines.get(2).contains(replay.err().lines().findFirst().orElseThrow()),
                "the header quotes the failure: " + lines.get(2));

        CliResult without = run("run", "--check", reproducer.toString(), "--plugins-dir", bundled(), "--plugin",
                corruptfs.toString().replace("corruptfs-1.0", "absent"));
        assertEquals(2, without.status(), "the reproducer needs its plugin: " + without.err());
    }

    @Test
    void aLeakedReferenceIsFoundByTheInvariantChecker() throws IOException {
        Path out = work.resolve("leak");
        CliResult fuzz = run("fuzz", "--plugins-dir", bundled(), "--plugin", corruptfs.toString(), "--fs", "leakyfs",
                "--arch", "ppc64", "--seed", "1", "--seeds", "200", "-o", out.toString());
        assertEquals(1, fuzz.status(), fuzz.err());
        Path reproducer = Path.of(fuzz.out().strip());
        List<String> commands = Files.readAllLines(reproducer).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(commands.size() <= 10, "at most ten commands: " + commands);
        CliResult replay = run("run", "--check", "--arch", "ppc64", reproducer.toString(), "--plugins-dir", bundled(),
                "--plugin", corruptfs.toString());
        // The replay names the culprit: a third-party plugin's leaked references are its failure
        // (plugin containment, exit 2), where the fuzzer saw an invariant violation.
        assertEquals(2, replay.status(), replay.err());
        assertTrue(replay.err().contains(": plugin org.example.corruptfs (org.example.corruptfs.Corruptfs$Leakyfs): page"
                + " references leaked: "), replay.err());
    }

    @Test
    void theBundledPluginsPassAFixedNumberOfSeedsOnEveryArchitecture() {
        CliResult fuzz = run("fuzz", "--plugins-dir", bundled(), "--arch", "all", "--seed", "1000", "--seeds", "15",
                "-o", work.resolve("none").toString());
        assertEquals(0, fuzz.status(), fuzz.err());
        assertEquals("", fuzz.out());
        assertTrue(fuzz.err().matches("(?s).*fuzz: ppc64, ppc64-radix, x86_64: 45 seeds, \\d+ ops in .* ops/s\\)"
                + " from seed 1000, nothing failed\n"), fuzz.err());
    }

    @Test
    void theSameSeedWritesTheSameScript() {
        CliResult a = run("fuzz", "--plugins-dir", bundled(), "--seed", "42", "--seeds", "2", "--show");
        CliResult b = run("fuzz", "--plugins-dir", bundled(), "--seed", "42", "--seeds", "2", "--show");
        assertEquals(0, a.status(), a.err());
        assertEquals(a, b);
        assertTrue(a.out().startsWith("# seed 42\nmemory 64pmd\n"), a.out());
        assertTrue(a.out().contains("\n# seed 43\n"), a.out());
        assertTrue(a.out().lines().anyMatch(l -> l.matches("verify p\\d \\w+ \\S+ \\S+ \\d+ bad=\\d+")), a.out());
    }

    @Test
    void badInputIsOneLineAndExitStatus2() throws IOException {
        Path file = Files.writeString(work.resolve("a-file"), "");
        String[][] cases = {
            {"--seeds", "0"},
            {"--seeds", "1", "--seconds", "-1"},
            {"--seeds", "1", "--ops", "0"},
            {"--seeds", "1", "--arch", "vax"},
            {"--seeds", "1", "--fs", "nofs"},
            {"--seeds", "1", "-o", file.toString()},
            {"--seeds", "1", "--profile", "nope"},
        };
        for (String[] args : cases) {
            List<String> all = new java.util.ArrayList<>(List.of("fuzz", "--plugins-dir", bundled()));
            all.addAll(List.of(args));
            CliResult r = run(all.toArray(String[]::new));
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("thplab: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        CliResult notANumber = run("fuzz", "--seeds", "many");
        assertEquals(2, notANumber.status());
        assertTrue(notANumber.err().startsWith("thplab: Invalid value for option '--seeds'"), notANumber.err());
    }
}
