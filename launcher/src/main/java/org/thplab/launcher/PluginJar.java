package org.thplab.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A plugin jar as read before anything is loaded, in one opening: its module name (from
 * {@code module-info.class}, else its {@code Bundle-SymbolicName}; the two are equal for every
 * jar the build makes), the architectures its manifest declares, and where the command line
 * got it from, for messages.
 *
 * @param jar           the file
 * @param name          the module (bundle) name, or null for a jar that declares neither
 * @param architectures the architecture names it provides, empty for any other plugin
 * @param origin        {@code bundled}, or {@code --plugin PATH} as the user typed it
 */
record PluginJar(Path jar, String name, List<String> architectures, String origin) {

    PluginJar {
        architectures = List.copyOf(architectures);
    }

    /** Reads {@code jar}; one that cannot be read is left for the runtime to report, with no name. */
    static PluginJar read(Path jar, String origin) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Attributes main = jf.getManifest() == null ? new Attributes() : jf.getManifest().getMainAttributes();
            List<String> arches = ArchitectureJars.declared(main.getValue("Provide-Capability"));
            return new PluginJar(jar, moduleName(jf, main), arches, origin);
        } catch (IOException | SecurityException e) {
            return new PluginJar(jar, null, List.of(), origin);
        }
    }

    private static String moduleName(JarFile jf, Attributes main) throws IOException {
        JarEntry info = jf.getJarEntry("module-info.class");
        if (info != null) {
            try (InputStream in = jf.getInputStream(info)) {
                return ModuleDescriptor.read(in).name();
            } catch (InvalidModuleDescriptorException e) {
                return null; // the module layer reports it, naming the jar
            }
        }
        String bsn = main.getValue("Bundle-SymbolicName");
        return bsn == null ? null : bsn.split(";", 2)[0].strip();
    }

    /** How messages name where this jar's module came from: {@code NAME (ORIGIN)}. */
    String described() {
        return name + " (" + origin + ")";
    }
}
