package org.thplab.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A bundled plugins folder as a user could make it: the reactor's plugins plus the third-party
 * cow-split policy, with the repository's profiles and {@code cow-split} (fs-shmem and that
 * policy: a second real design to compare with the seed), and a third party's own {@code tmpfs}
 * to conflict with fs-shmem's.
 *
 * @param bundled    the plugins folder
 * @param profiles   the profiles folder
 * @param otherTmpfs a jar providing a filesystem type named tmpfs (module org.example.tmpfs)
 */
record TestBundle(Path bundled, Path profiles, Path otherTmpfs) {
    static final Path ROOT = Path.of(System.getProperty("thplab.root", ".."));

    /** Builds it under {@code work}. */
    static TestBundle build(Path work) throws IOException {
        Path bundled = Files.createDirectories(work.resolve("plugins"));
        try (Stream<Path> jars = Files.list(PluginJars.DIST.resolve("plugins"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, bundled.resolve(jar.getFileName()));
            }
        }
        Path policy = PluginJars.cowSplit(work.resolve("cowsplit"));
        Files.copy(policy, bundled.resolve(policy.getFileName()));
        Path profiles = PluginJars.profiles(work.resolve("profiles"), "cow-split",
                "org.thplab.fs.shmem, org.example.cowsplit");
        for (String real : List.of("seed.profile", "linux-6.profile")) {
            Files.copy(ROOT.resolve("profiles").resolve(real), profiles.resolve(real));
        }
        Path src = work.resolve("tmpfs");
        PluginJars.compile(src.resolve("classes"), PluginJars.resources("thirdparty-tmpfs", src.resolve("src"),
                "module-info.java", "org/example/tmpfs/OtherTmpfs.java"));
        Path otherTmpfs = PluginJars.jar(src.resolve("classes"), work.resolve("other-tmpfs-1.0.jar"),
                "org.example.tmpfs", "org.thplab.api.fs;version=\"[0.1,1)\",org.thplab.api.arch;version=\"[0.1,1)\"",
                "org.thplab.api.fs.FilesystemType", "org.example.tmpfs.OtherTmpfs");
        return new TestBundle(bundled, profiles, otherTmpfs);
    }

    /** {@code thplab ARGS} with this folder and profiles under {@code runtime} ({@code check} takes none). */
    CliResult thplab(String runtime, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--plugins-dir", bundled.toString(), "--profiles-dir", profiles.toString()));
        if (!args[0].equals("check")) {
            all.addAll(List.of("--runtime", runtime, "--osgi-dir", PluginJars.DIST.resolve("osgi").toString()));
        }
        return CliResult.run(all.toArray(String[]::new));
    }
}
