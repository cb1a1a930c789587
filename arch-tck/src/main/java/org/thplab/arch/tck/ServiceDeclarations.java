package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import org.thplab.api.API;

/**
 * Checks that a plugin declares its providers alike for both worlds it runs in: the
 * {@code provides} of its module-info (JPMS), {@code META-INF/services} (class path and
 * OSGi's service loader mediator) and its OSGi manifest.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class ServiceDeclarations {

    private ServiceDeclarations() {
        // static helpers only
    }

    /**
     * Asserts that the module holding {@code pluginClass} provides {@code service} with the
     * same, non-empty set of classes in module-info and in META-INF/services, and that its
     * OSGi manifest names the module as the bundle and advertises the service.
     *
     * @return the provider class names
     */
    public static Set<String> assertProvidersAgree(Class<?> pluginClass, Class<?> service) {
        Path root = codeSource(pluginClass);
        ModuleReference ref = ModuleFinder.of(root).findAll().stream().findFirst()
                .orElseThrow(() -> new AssertionError("no module-info.class in " + root));
        ModuleDescriptor descriptor = ref.descriptor();
        Set<String> declared = new TreeSet<>();
        descriptor.provides().stream().filter(p -> p.service().equals(service.getName()))
                .forEach(p -> declared.addAll(p.providers()));
        Set<String> listed = new TreeSet<>(serviceFile(root, service));
        assertFalse(declared.isEmpty(), () -> descriptor.name() + " provides no " + service.getName());
        assertEquals(declared, listed, () -> descriptor.name() + ": module-info provides and META-INF/services/"
                + service.getName() + " must name the same classes");
        Manifest manifest = manifest(root);
        assertEquals(descriptor.name(), manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0],
                "Bundle-SymbolicName must be the module name");
        String capability = String.valueOf(manifest.getMainAttributes().getValue("Provide-Capability"));
        assertTrue(capability.contains("osgi.serviceloader") && capability.contains(service.getName()),
                () -> "the manifest should advertise " + service.getName() + " to OSGi: " + capability);
        return declared;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> serviceFile(Path root, Class<?> service) {
        String name = "META-INF/services/" + service.getName();
        try (InputStream in = open(root, name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + name + " in " + root, e);
        }
    }

    private static Manifest manifest(Path root) {
        try (InputStream in = open(root, "META-INF/MANIFEST.MF")) {
            return new Manifest(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(Path root, String entry) throws IOException {
        if (Files.isDirectory(root)) {
            return Files.newInputStream(root.resolve(entry));
        }
        var jar = new java.util.jar.JarFile(root.toFile());
        var e = jar.getJarEntry(entry);
        if (e == null) {
            jar.close();
            throw new IOException("no " + entry + " in " + root);
        }
        InputStream in = jar.getInputStream(e);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                jar.close();
            }
        };
    }
}
