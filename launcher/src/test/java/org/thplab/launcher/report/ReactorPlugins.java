package org.thplab.launcher.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;
import org.thplab.launcher.script.Plugins;

/**
 * The x86_64 and anon-thp plugins as the reactor built them (their jars are packaged before the
 * launcher's tests run), loaded into a module layer as {@code thplab run} loads them.
 */
final class ReactorPlugins {
    private ReactorPlugins() {
    }

    static Plugins x86() {
        Path x86 = jar("arch-x86_64");
        Path anon = jar("fs-anon");
        ModuleLayer parent = Architecture.class.getModule().getLayer();
        Configuration cf = parent.configuration().resolveAndBind(ModuleFinder.of(x86, anon), ModuleFinder.of(),
                Set.of("org.thplab.arch.x86_64", "org.thplab.fs.anon"));
        ModuleLayer layer = parent.defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
        AnonymousMemoryType thp = ServiceLoader.load(layer, AnonymousMemoryType.class).findFirst().orElseThrow();
        return new Plugins(Architectures.select(layer, "x86_64"), List.of(), thp);
    }

    private static Path jar(String module) {
        Path target = Path.of("..", module, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(module + "-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + module + " jar in " + target
                            + ": build the reactor (mvn -pl launcher -am)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
