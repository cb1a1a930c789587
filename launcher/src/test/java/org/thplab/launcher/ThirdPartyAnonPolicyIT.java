package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.launcher.CliResult.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An anonymous-memory policy built outside the reactor against the api jar alone replaces
 * fs-anon's under both runtimes with the same output; loaded beside fs-anon's, the run
 * refuses to guess which one to use.
 */
class ThirdPartyAnonPolicyIT {
    @TempDir
    static Path work;
    private static Path policy;
    /** The bundled plugins with a profile that loads fs-shmem without fs-anon: where the third-party policy takes its place. */
    private static Path withoutFsAnon;

    @BeforeAll
    static void buildThePolicy() throws IOException {
        policy = PluginJars.cowSplit(work);
        withoutFsAnon = PluginJars.profiles(work.resolve("profiles"), "seed", "org.thplab.fs.shmem");
    }

    /** thplab {@code args} with the bundled plugins, the profiles of {@code profiles} and the policy as --plugin. */
    private static CliResult thplab(Path profiles, String runtime, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--plugins-dir", PluginJars.DIST.resolve("plugins").toString(), "--profiles-dir",
                profiles.toString(), "--plugin", policy.toString(), "--runtime", runtime,
                "--osgi-dir", PluginJars.DIST.resolve("osgi").toString()));
        return run(all.toArray(String[]::new));
    }

    @Test
    void aThirdPartyPolicyDecidesHugeFaultsAndCopyOnWriteUnderBothRuntimes() throws IOException {
        Path script = Files.writeString(work.resolve("cowsplit.wl"), String.join("\n",
                "map p0 A anon 1pmd",
                "read p0 A 0 1page",
                "layout p0 A",
                "fork p0 p1",
                "write p1 A 0 1page 5",
                "layout p1 A",
                "layout p0 A",
                "smaps p1 A",
                "verify p0 A 0 1page 0",
                "verify p1 A 0 1page 5",
                "thp enabled=sometimes") + "\n");
        CliResult jpms = thplab(withoutFsAnon, "jpms", "run", script.toString(), "--check");
        CliResult osgi = thplab(withoutFsAnon, "osgi", "run", script.toString(), "--check");
        assertEquals(jpms, osgi, "the same policy, the same run under jpms and osgi");
        assertEquals(2, jpms.status(), "the last line's knob value is refused before anything runs: " + jpms.err());
        assertEquals(script + ":11: cow-split: enabled=sometimes: expected always or never\n", jpms.err());

        Files.writeString(script, Files.readString(script).replace("thp enabled=sometimes\n", ""));
        jpms = thplab(withoutFsAnon, "jpms", "run", script.toString(), "--check");
        osgi = thplab(withoutFsAnon, "osgi", "run", script.toString(), "--check");
        assertEquals(0, jpms.status(), jpms.err());
        assertEquals(jpms, osgi);
        assertTrue(jpms.out().contains("layout p0 A H\n"), "a read gets a THP, not the huge zero page: " + jpms.out());
        assertTrue(jpms.out().contains("layout p1 A p\nlayout p0 A H\n"),
                "the child's write split its PMD and copied one page; the parent keeps its THP: " + jpms.out());
        CliResult modules = run("modules", "--plugins-dir", PluginJars.DIST.resolve("plugins").toString(),
                "--profiles-dir", withoutFsAnon.toString(), "--profile", "seed", "--plugin", policy.toString());
        assertTrue(modules.out().contains("anonymous memory:\n  cow-split    module org.example.cowsplit"),
                modules.out());
    }

    @Test
    void besideFsAnonTheRunNamesBothAndStops() throws IOException {
        Path script = Files.writeString(work.resolve("two.wl"), "map p0 A anon 1pmd\n");
        for (String runtime : List.of("jpms", "osgi")) {
            CliResult r = thplab(PluginJars.DIST.resolve("profiles"), runtime, "run", script.toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().startsWith("thplab: two anonymous-memory plugins are loaded (")
                    && r.err().contains("anon-thp in org.thplab.fs.anon (profile seed)")
                    && r.err().contains("cow-split in org.example.cowsplit (--plugin " + policy + ")")
                    && r.err().endsWith("): keep one\n"), runtime + ": " + r.err());
        }
    }
}
