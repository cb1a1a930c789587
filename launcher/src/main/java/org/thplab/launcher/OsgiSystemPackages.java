package org.thplab.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the OSGi system bundle exports to plugin bundles: Felix's own default, the
 * framework's packages and every package the boot layer exports, except those of
 * {@code jdk.unsupported} ({@code sun.misc}, {@code sun.reflect}: Unsafe) unless the user
 * allowed them. Felix would export them: a bundle importing {@code sun.misc} then fails to
 * resolve, naming the package, and a bundle's {@code Class.forName("sun.misc.Unsafe")} finds
 * nothing (no boot delegation is configured).
 */
final class OsgiSystemPackages {
    /** The module whose packages plugins may not import unless allowed. */
    static final String UNSUPPORTED = "jdk.unsupported";

    private OsgiSystemPackages() {
    }

    /**
     * The value of {@code org.osgi.framework.system.packages}, in Felix's own form
     * ({@code pkg; version="0.0.0.JavaSE_017"}) for the JDK's packages.
     *
     * @param felix a class of the Felix framework, whose {@code default.properties} lists the framework's packages
     */
    static String of(Class<?> felix, boolean allowUnsupported) {
        Properties defaults = new Properties();
        try (InputStream in = felix.getResourceAsStream("/default.properties")) {
            if (in == null) {
                throw new IllegalStateException("OSGi: the framework carries no default.properties");
            }
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = String.format("0.0.0.JavaSE_%03d", Runtime.version().feature());
        Set<String> jdk = ModuleLayer.boot().modules().stream()
                .filter(m -> allowUnsupported || !m.getName().equals(UNSUPPORTED))
                .flatMap(m -> m.getDescriptor().exports().stream().filter(e -> !e.isQualified()).map(e -> e.source()))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        return defaults.getProperty("osgi-exports").trim() + jdk.stream()
                .map(p -> ", " + p + "; version=\"" + version + "\"").collect(Collectors.joining());
    }
}
