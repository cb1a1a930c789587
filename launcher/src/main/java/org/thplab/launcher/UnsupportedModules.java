package org.thplab.launcher;

import java.lang.module.ModuleDescriptor;

/**
 * Plugin modules that declare {@code requires jdk.unsupported} (sun.misc.Unsafe, which reads
 * and writes any object's memory, the core's page state included, behind every check) are
 * refused at launch unless the user allows them with {@code --allow-unsupported}. This stops
 * the declared use only: see the trust model in docs/writing-a-filesystem-plugin.md.
 */
final class UnsupportedModules {

    private UnsupportedModules() {
    }

    /**
     * @param plugins the layer built from the plugin paths, before any of its code runs
     * @throws IllegalArgumentException naming a plugin module that requires jdk.unsupported, unless allowed
     */
    static void refuse(ModuleLayer plugins, boolean allowed) {
        if (allowed) {
            return;
        }
        for (Module m : plugins.modules()) {
            ModuleDescriptor d = m.getDescriptor();
            if (d.requires().stream().anyMatch(r -> r.name().equals(OsgiSystemPackages.UNSUPPORTED))) {
                throw new IllegalArgumentException("plugin module " + d.name() + " requires "
                        + OsgiSystemPackages.UNSUPPORTED + " (sun.misc.Unsafe can rewrite the core's memory behind its"
                        + " checks): refused; --allow-unsupported loads it anyway");
            }
        }
    }
}
