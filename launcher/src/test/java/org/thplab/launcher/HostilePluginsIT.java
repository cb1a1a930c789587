package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.launcher.CliResult.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-plugin suite: one plugin module (built here against the api alone, as a module
 * and a bundle) whose filesystem plants the bug its mount option names, and whose
 * anonymous-memory policy plants the bug its knob names. Every bug runs under both runtimes
 * with {@code --check} in this JVM and must end the same way: one line naming the plugin (by
 * module or bundle) at the script line that met the bug, no stack trace, exit status 2, and
 * every invariant check after every line passed. A plugin that never returns needs a JVM of
 * its own, since the run can only end by exiting.
 */
class HostilePluginsIT {
    @TempDir
    static Path work;
    private static Path hostile;
    /** The bundled plugins; {@link #profiles} leaves fs-anon out: the hostile policy is the anonymous-memory plugin. */
    private static final Path plugins = PluginJars.DIST.resolve("plugins");
    private static Path profiles;

    @BeforeAll
    static void buildThePlugins() throws IOException {
        List<String> sources = PluginJars.resources("hostile", work.resolve("src"), "module-info.java",
                "org/example/hostile/HostileFs.java", "org/example/hostile/HostileAnon.java",
                "org/example/hostile/Bugs.java");
        PluginJars.compile(work.resolve("classes"), sources);
        hostile = PluginJars.jar(work.resolve("classes"), work.resolve("hostile-1.0.jar"), "org.example.hostile",
                PluginJars.ALL_API_IMPORTS, Map.of("org.thplab.api.fs.FilesystemType", List.of("org.example.hostile.HostileFs"),
                        "org.thplab.api.anon.AnonymousMemoryType", List.of("org.example.hostile.HostileAnon")));
        profiles = PluginJars.profiles(work.resolve("profiles"), "seed", "org.thplab.fs.shmem");
    }

    /** A planted bug: the script meeting it, the line that meets it, and what the report says. */
    record Bug(String name, int line, String says, String... script) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String[] FAULT = {"file F H 4page", "map p0 A file F 4page", "read p0 A 0 1page", "meminfo"};

    /** A filesystem bug met by the first fault: line 4. */
    private static Bug fault(String bug, String says) {
        List<String> lines = new ArrayList<>(List.of("mount H type=hostile bug=" + bug));
        lines.addAll(List.of(FAULT));
        return new Bug(bug, 4, says, lines.toArray(String[]::new));
    }

    static List<Bug> bugs() {
        String answered = "fault answered 0x0 with page ";
        return List.of(
                fault("stack-overflow", "fault threw java.lang.StackOverflowError"),
                fault("assert", "fault threw java.lang.AssertionError: hostile: the page was meant to be there"),
                fault("sneaky", "fault threw java.io.IOException: hostile: the disk is on fire"),
                fault("runtime", "fault threw java.lang.IllegalStateException: hostile: fault gave up"),
                fault("noref", "which the answer holds no reference on"),
                fault("zero", answered + "0x0, which is not a page of this filesystem"),
                new Bug("core-frame", 6, "which is not a page of this filesystem", "mount H type=hostile bug=core-frame",
                        "map p0 B anon 4page", "write p0 B 0 1page 1", "file F H 4page", "map p0 A file F 4page",
                        "read p0 A 0 1page", "meminfo"),
                fault("free", "which is not a referenced page"),
                fault("beyond", "which is not a page of this machine"),
                fault("otherfile", "which is not this file's page at index 0"),
                fault("truncated", "which is no longer in the file's page cache at index 0 (truncated)"),
                fault("reentrant", "which is no longer in the file's page cache at index 0 (truncated)"),
                fault("huge-not-head", "fault answered 0x4200 with page 0x"),
                fault("huge-unlocked", "without LOCKED: a HUGE answer is a locked team head"),
                fault("locked-lie", "which is not locked, though the reply says LOCKED"),
                fault("leak", "page references leaked: 1 reference nobody holds (pfn 0x"),
                new Bug("steal", 8, "fault threw java.lang.IllegalArgumentException: hostile: pfn 0x",
                        "mount G type=hostile", "file E G 1page", "map p0 B file E 1page", "read p0 B 0 1page",
                        "mount H type=hostile bug=steal", "file F H 4page", "map p0 A file F 4page",
                        "read p0 A 0 1page", "meminfo"),
                fault("reflect", "fault threw java.lang.reflect.InaccessibleObjectException"),
                new Bug("othermount", 8, "which is not a page of this filesystem",
                        "mount G type=hostile", "file E G 1page", "map p0 B file E 1page", "read p0 B 0 1page",
                        "mount H type=hostile bug=othermount", "file F H 4page", "map p0 A file F 4page",
                        "read p0 A 0 1page", "meminfo"),
                new Bug("mount-error", 1, "mount threw java.lang.OutOfMemoryError: hostile: mount ran out of",
                        "mount H type=hostile bug=mount-error", "meminfo"),
                new Bug("mount-sneaky", 1, "mount threw java.io.IOException: hostile: mount read a bad disk",
                        "mount H type=hostile bug=mount-sneaky", "meminfo"),
                new Bug("truncate-sneaky", 5, "truncate threw java.lang.InterruptedException",
                        "mount H type=hostile bug=truncate-sneaky", "file F H 4page", "map p0 A file F 4page",
                        "write p0 A 0 4page 3", "truncate F 1page", "meminfo"),
                new Bug("punch-error", 5, "punchHole threw java.lang.NoClassDefFoundError",
                        "mount H type=hostile bug=punch-error", "file F H 4page", "map p0 A file F 4page",
                        "write p0 A 0 4page 3", "punch F 0 1page", "meminfo"),
                new Bug("settle-error", 3, "settle threw java.lang.StackOverflowError: hostile: settle recursed",
                        "mount H type=hostile bug=settle-error", "file F H 4page", "settle", "meminfo"),
                anon("stack-overflow", "hugeFault threw java.lang.StackOverflowError"),
                anon("sneaky", "hugeFault threw java.io.IOException: hostile-anon: no huge pages today"),
                anon("lie", "hugeFault answered OK but applied no mechanism"),
                anon("enabled-error", "hugeEnabled threw java.lang.AssertionError"));
    }

    /** An anonymous-memory bug met by the first fault: line 3. */
    private static Bug anon(String bug, String says) {
        return new Bug("anon-" + bug, 3, says, "thp bug=" + bug, "map p0 A anon 1pmd", "write p0 A 0 1page 5",
                "meminfo");
    }

    private static CliResult thplab(String runtime, Path script, String... more) {
        List<String> args = new ArrayList<>(List.of("run", script.toString(), "--check", "--plugins-dir",
                plugins.toString(), "--profiles-dir", profiles.toString(), "--plugin", hostile.toString(), "--runtime",
                runtime, "--osgi-dir", PluginJars.DIST.resolve("osgi").toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void aPlantedBugIsOneLineNamingThePluginExit2AndTheInvariantsHold(Bug bug) throws IOException {
        Path script = Files.writeString(work.resolve(bug.name() + ".wl"), String.join("\n", bug.script()) + "\n");
        for (String runtime : List.of("jpms", "osgi")) {
            CliResult r = thplab(runtime, script);
            String what = runtime + " " + bug + ": " + r.err();
            assertEquals(2, r.status(), what);
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception in"), "no stack trace: " + what);
            List<String> named = r.err().lines().filter(l -> l.contains("plugin org.example.hostile")).toList();
            assertEquals(1, named.size(), "one line names the plugin: " + what);
            String line = named.get(0);
            assertTrue(line.startsWith(script + ":" + bug.line() + ": "), "at the line that met the bug: " + what);
            assertTrue(line.contains(runtime.equals("jpms") ? "plugin org.example.hostile (" : "plugin org.example.hostile ["),
                    "named by its " + (runtime.equals("jpms") ? "module" : "bundle") + ": " + what);
            assertTrue(line.contains(bug.says()), "says " + bug.says() + ": " + what);
            assertFalse(line.contains("refcount") || line.contains("flags"), "reveals no frame's state: " + what);
            int commands = bug.script().length;
            assertTrue(r.err().endsWith("check: " + commands + " invariant checks passed after " + commands
                    + " commands\n"), "the invariants held after every line: " + what);
        }
    }

    @Test
    void aLeakIsBlamedOnThePluginWithoutCheckToo() throws IOException {
        Path script = Files.writeString(work.resolve("leak-nocheck.wl"), "mount H type=hostile bug=leak\n"
                + String.join("\n", FAULT) + "\n");
        CliResult r = run("run", script.toString(), "--plugins-dir", plugins.toString(), "--profiles-dir",
                profiles.toString(), "--plugin", hostile.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith(script + ":5: plugin org.example.hostile (org.example.hostile.HostileFs): page"
                + " references leaked: 1 reference nobody holds (pfn 0x"), "blamed as its mount goes: " + r.err());
    }

    @Test
    void theUnsupportedModuleIsRefusedUnlessAllowedAndSunMiscIsNotExportedToBundles() throws IOException {
        Path script = Files.writeString(work.resolve("unsafe.wl"), "mount H type=hostile bug=unsafe\n"
                + String.join("\n", FAULT) + "\n");
        CliResult osgi = thplab("osgi", script);
        assertEquals(2, osgi.status(), osgi.err());
        assertTrue(osgi.err().contains(":4: plugin org.example.hostile [") && osgi.err().contains(
                "fault threw java.lang.ClassNotFoundException: sun.misc.Unsafe"), "a bundle cannot see Unsafe: "
                + osgi.err());
        // Under JPMS a module that does not declare jdk.unsupported still reaches Unsafe by reflection:
        // Java 17 cannot stop it (the trust model says so); the fault is contained all the same.
        CliResult jpms = thplab("jpms", script);
        assertEquals(2, jpms.status(), jpms.err());
        assertTrue(jpms.err().contains("fault threw java.lang.IllegalStateException: hostile: reached sun.misc.Unsafe"),
                jpms.err());

        Path declared = unsupportedModule();
        Path ok = Files.writeString(work.resolve("ok.wl"), "meminfo\n");
        CliResult refused = run("run", ok.toString(), "--plugins-dir", plugins.toString(), "--profiles-dir",
                profiles.toString(), "--plugin", declared.toString());
        assertEquals(2, refused.status(), refused.err());
        assertEquals("thplab: plugin module org.example.unsafe requires jdk.unsupported (sun.misc.Unsafe can rewrite"
                + " the core's memory behind its checks): refused; --allow-unsupported loads it anyway\n", refused.err());
        CliResult allowed = run("run", ok.toString(), "--plugins-dir", plugins.toString(), "--profiles-dir",
                profiles.toString(), "--plugin",
                declared.toString(), "--allow-unsupported");
        assertEquals(0, allowed.status(), allowed.err());
        CliResult bundle = run("run", ok.toString(), "--plugins-dir", plugins.toString(), "--profiles-dir",
                profiles.toString(), "--plugin",
                declared.toString(), "--runtime", "osgi", "--osgi-dir", PluginJars.DIST.resolve("osgi").toString());
        assertEquals(2, bundle.status(), bundle.err());
        assertTrue(bundle.err().startsWith("thplab: OSGi: ") && bundle.err().contains("sun.misc"), bundle.err());
    }

    /** A module declaring {@code requires jdk.unsupported}, a bundle importing sun.misc. */
    private static Path unsupportedModule() throws IOException {
        Path src = Files.createDirectories(work.resolve("unsafe-src/org/example/unsafe"));
        Files.writeString(src.getParent().getParent().getParent().resolve("module-info.java"),
                "module org.example.unsafe { requires jdk.unsupported; exports org.example.unsafe; }\n");
        Files.writeString(src.resolve("Peek.java"), "package org.example.unsafe;\n"
                + "public final class Peek { public static Class<?> it() { return sun.misc.Unsafe.class; } }\n");
        PluginJars.compile(work.resolve("unsafe-classes"), List.of(
                src.getParent().getParent().getParent().resolve("module-info.java").toString(),
                src.resolve("Peek.java").toString()));
        return PluginJars.jar(work.resolve("unsafe-classes"), work.resolve("unsafe-1.0.jar"), "org.example.unsafe",
                "sun.misc", "org.thplab.api.fs.FilesystemType");
    }

    /**
     * A fault that never returns, or that calls System.exit: the watchdog, or the shutdown hook,
     * names the plugin, the JVM exits 2 and leaves no OSGi storage behind.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"hang, did not return within 500 ms",
        "exit, ended the JVM (System.exit) before returning"})
    void aPluginThatNeverReturnsOrExitsIsNamedAndTheRunEnds(String bug, String says) throws Exception {
        Path script = Files.writeString(work.resolve(bug + ".wl"), "mount H type=hostile bug=" + bug + "\n"
                + String.join("\n", FAULT) + "\n");
        Path tmp = Files.createDirectories(work.resolve("tmp-" + bug));
        for (String runtime : List.of("jpms", "osgi")) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-Dthplab.pluginTimeout=0.5", "-p",
                    launcherJar() + File.pathSeparator + PluginJars.DIST.resolve("lib"), "-m",
                    "org.thplab.launcher/org.thplab.launcher.Main", "run", script.toString(), "--check",
                    "--plugins-dir", plugins.toString(), "--profiles-dir", profiles.toString(), "--plugin",
                    hostile.toString(), "--runtime", runtime,
                    "--osgi-dir", PluginJars.DIST.resolve("osgi").toString())
                    .redirectOutput(work.resolve("hang.out").toFile()).redirectError(work.resolve("hang.err").toFile())
                    .start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), runtime + ": the run ended");
            } finally {
                p.destroyForcibly();
            }
            String err = Files.readString(work.resolve("hang.err"));
            assertEquals(2, p.exitValue(), runtime + ": " + err);
            assertTrue(err.startsWith(script + ":4: plugin org.example.hostile ") && err.contains(
                    "(org.example.hostile.HostileFs$File): fault " + says + "\n"), runtime + ": " + err);
            assertEquals(1, err.lines().count(), runtime + ": one line: " + err);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(Set.of(), left.filter(d -> d.getFileName().toString().startsWith("thplab-osgi"))
                        .collect(Collectors.toSet()), runtime + ": no framework storage left behind");
            }
        }
    }

    private static Path launcherJar() throws IOException {
        try (Stream<Path> jars = Files.list(PluginJars.DIST)) {
            return jars.filter(j -> j.getFileName().toString().matches("launcher-.*\\.jar")).findFirst().orElseThrow();
        }
    }
}
