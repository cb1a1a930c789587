package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds third-party plugins as their authors would, outside the reactor: sources compiled
 * with javac against the api jar alone, packaged as a jar that is a module and a bundle.
 */
final class PluginJars {
    static final Path DIST = Path.of(System.getProperty("thplab.dist", "target"));

    private PluginJars() {
    }

    /** The test resources under {@code /RESOURCE_DIR/} named {@code names}, copied below {@code src}. */
    static List<String> resources(String resourceDir, Path src, String... names) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : names) {
            Path file = src.resolve(name);
            Files.createDirectories(file.getParent());
            try (InputStream in = PluginJars.class.getResourceAsStream("/" + resourceDir + "/" + name)) {
                Files.copy(in, file);
            }
            out.add(file.toString());
        }
        return out;
    }

    /** javac --release 17 of {@code sources} into {@code classes}, with the api jar as the only module. */
    static void compile(Path classes, List<String> sources) throws IOException {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-d", classes.toString(), "-p", api().toString()));
        args.addAll(sources);
        Process javac = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, javac.waitFor(), "the plugin compiles against the api alone: " + output);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code classes} as {@code jar}: the bundle {@code bsn} importing {@code imports}, whose
     * {@code providers} are registered for {@code service} through the service-loader mediator.
     */
    static Path jar(Path classes, Path jar, String bsn, String imports, String service, String... providers)
            throws IOException {
        return jar(classes, jar, bsn, imports, Map.of(service, List.of(providers)));
    }

    /** As {@link #jar(Path, Path, String, String, String, String...)}, for each service's providers. */
    static Path jar(Path classes, Path jar, String bsn, String imports, Map<String, List<String>> services)
            throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", bsn);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", imports);
        a.putValue("Provide-Capability", services.entrySet().stream().flatMap(s -> s.getValue().stream()
                .map(p -> "osgi.serviceloader;osgi.serviceloader=\"" + s.getKey() + "\";register:=\"" + p + "\""))
                .collect(Collectors.joining(",")));
        a.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.serviceloader.registrar)"
                + "(version>=1.0.0)(!(version>=2.0.0)))\"");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
            }
            for (Map.Entry<String, List<String>> s : services.entrySet()) {
                out.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                out.write((String.join("\n", s.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    /** The api packages a plugin of every kind imports, as its bundle manifest says. */
    static final String ALL_API_IMPORTS = "org.thplab.api.anon;version=\"[0.1,1)\",org.thplab.api.arch;version=\"[0.1,1)\","
            + "org.thplab.api.fs;version=\"[0.1,1)\"";

    /**
     * The third-party anonymous-memory policy of the test resources ({@code cow-split}: a read
     * gets a THP, a write to a THP shared after fork splits the writer's PMD and copies one page),
     * built in {@code work} as {@code cowsplit-1.0.jar}, module and bundle {@code org.example.cowsplit}.
     */
    static Path cowSplit(Path work) throws IOException {
        List<String> sources = resources("thirdparty-anon", work.resolve("src"), "module-info.java",
                "org/example/cowsplit/CowSplit.java");
        compile(work.resolve("classes"), sources);
        return jar(work.resolve("classes"), work.resolve("cowsplit-1.0.jar"), "org.example.cowsplit",
                ALL_API_IMPORTS,
                "org.thplab.api.anon.AnonymousMemoryType", "org.example.cowsplit.CowSplit");
    }

    /** Writes {@code profiles} (name, then its {@code modules} value) as a profiles folder {@code dir}. */
    static Path profiles(Path dir, String... nameThenModules) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < nameThenModules.length; i += 2) {
            Files.writeString(dir.resolve(nameThenModules[i] + ".profile"), "description = test profile "
                    + nameThenModules[i] + "\nmodules = " + nameThenModules[i + 1] + "\n");
        }
        return dir;
    }

    private static Path api() throws IOException {
        try (Stream<Path> libs = Files.list(DIST.resolve("lib"))) {
            return libs.filter(p -> p.getFileName().toString().startsWith("api-")).findFirst().orElseThrow();
        }
    }
}
