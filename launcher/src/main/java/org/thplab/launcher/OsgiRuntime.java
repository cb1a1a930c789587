package org.thplab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.thplab.api.arch.Architecture;
import org.thplab.api.fs.FilesystemType;

/**
 * The plugins as OSGi bundles in an embedded Apache Felix: the api is exported by the
 * system bundle (never installed as a bundle), the Aries SPI Fly mediator registers each
 * bundle's {@code META-INF/services} providers as services, and the launcher takes the
 * architecture and filesystems from the service registry. The framework's storage is a
 * fresh temporary folder, removed when the runtime closes, errors included.
 */
final class OsgiRuntime implements AutoCloseable {
    private static final String API_PACKAGES = "org.thplab.api;version=0.1.0,org.thplab.api.arch;version=0.1.0,"
            + "org.thplab.api.fs;version=0.1.0,org.thplab.api.anon;version=0.1.0";
    private static final long WAIT_MILLIS = 5000;
    /** Felix reads a bundle installed by reference where it is, instead of copying it into the storage first. */
    private static final String REFERENCE = "reference:";

    private final Path storage;
    private final Framework framework;
    private final Thread removeOnExit;

    private OsgiRuntime(Path storage, Framework framework, Thread removeOnExit) {
        this.storage = storage;
        this.framework = framework;
        this.removeOnExit = removeOnExit;
    }

    /**
     * Starts Felix with the mediator bundles of {@code osgiDir} and the plugin bundles.
     *
     * @throws IllegalArgumentException naming the bundle, for a jar that is not a bundle, an
     *         api copy, or a bundle that does not resolve (with the missing requirement)
     * @param allowUnsupported whether plugin bundles may import sun.misc (see {@link OsgiSystemPackages})
     */
    static OsgiRuntime start(Path osgiDir, List<Path> plugins, boolean allowUnsupported) {
        Path storage;
        try {
            storage = Files.createTempDirectory("thplab-osgi");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A run ended by SIGTERM, SIGINT or System.exit (a plugin's included) never reaches close():
        // the JVM's shutdown hooks still run, so the storage goes with them.
        Thread removeOnExit = new Thread(() -> delete(storage), "thplab-osgi-storage");
        Runtime.getRuntime().addShutdownHook(removeOnExit);
        Framework fw = null;
        try {
            OsgiRuntime.class.getModule().addUses(FrameworkFactory.class);
            FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework on the module path"));
            Map<String, String> config = new HashMap<>();
            config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
            config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES, OsgiSystemPackages.of(factory.getClass(), allowUnsupported));
            // Felix's URL handlers patch java.net through Unsafe, which ./thplab denies on JDK 23+; no bundle needs them
            config.put("felix.service.urlhandlers", "false");
            config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, API_PACKAGES);
            fw = factory.newFramework(config);
            fw.start();
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars(osgiDir)) {
                bundles.add(ctx.installBundle(REFERENCE + jar.toUri()));
            }
            for (Path jar : plugins) {
                check(jar);
                bundles.add(ctx.installBundle(REFERENCE + jar.toUri()));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
            return new OsgiRuntime(storage, fw, removeOnExit);
        } catch (BundleException e) {
            stopQuietly(fw);
            forget(removeOnExit);
            delete(storage);
            throw new IllegalArgumentException("OSGi: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopQuietly(fw);
            forget(removeOnExit);
            delete(storage);
            throw e;
        }
    }

    /** The architecture named {@code name}, as registered by the mediator. */
    Architecture architecture(String name) {
        List<String> found = new ArrayList<>();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        do {
            found.clear();
            for (Architecture a : services(Architecture.class)) {
                if (a.name().equals(name)) {
                    return a;
                }
                found.add(a.name());
            }
            sleep();
        } while (System.currentTimeMillis() < deadline && found.isEmpty());
        throw new IllegalArgumentException("unknown architecture '" + name + "': expected one of " + found.stream()
                .sorted().toList());
    }

    /** The filesystem types registered. */
    List<FilesystemType> filesystems() {
        return services(FilesystemType.class);
    }

    /** The anonymous-memory plugins registered. */
    List<org.thplab.api.anon.AnonymousMemoryType> anonymousMemory() {
        return services(org.thplab.api.anon.AnonymousMemoryType.class);
    }

    private <T> List<T> services(Class<T> type) {
        BundleContext ctx = framework.getBundleContext();
        List<T> out = new ArrayList<>();
        try {
            for (ServiceReference<T> ref : ctx.getServiceReferences(type, null)) {
                T service = ctx.getService(ref);
                if (service == null) {
                    throw new IllegalArgumentException("OSGi: the " + type.getSimpleName() + " service of bundle "
                            + ref.getBundle().getSymbolicName() + " is registered but failed to activate");
                }
                out.add(service);
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        stopQuietly(framework);
        forget(removeOnExit);
        delete(storage);
    }

    /** The shutdown hook is not needed once the storage is removed here (unless the JVM is already exiting). */
    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway; deleting twice is harmless
        }
    }

    /** A jar must be a bundle and must not carry the api (the system bundle exports it). */
    private static void check(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            String bsn = jf.getManifest() == null ? null
                    : jf.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null) {
                throw new IllegalArgumentException("OSGi: " + jar + " is not a bundle (no Bundle-SymbolicName)");
            }
            if (bsn.startsWith("org.thplab.api") || jf.getEntry("org/thplab/api/arch/Architecture.class") != null) {
                throw new IllegalArgumentException("OSGi: " + jar + " carries the api, which the framework already"
                        + " exports; pass only plugin bundles");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("OSGi: cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jars(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("OSGi: the mediator bundles folder " + dir + " is missing");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("OSGi: the mediator bundles folder " + dir + " cannot be listed: "
                    + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopQuietly(Framework fw) {
        if (fw == null) {
            return;
        }
        try {
            fw.stop();
            fw.waitForStop(WAIT_MILLIS);
        } catch (BundleException | InterruptedException e) {
            // stopping is best effort; the storage goes anyway
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is not worth failing a run for
        }
    }
}
