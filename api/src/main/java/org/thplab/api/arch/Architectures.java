package org.thplab.api.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.thplab.api.API;

/**
 * Finds architecture providers and chooses one by name.
 *
 * <p>A provider that fails to load is not silently skipped: its error is kept and
 * reported when the wanted name is not found, since it may be the one asked for.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Architectures {

    private Architectures() {
        // static helpers only
    }

    /**
     * The providers visible in {@code layer} and its parents, sorted by name.
     *
     * @throws IllegalStateException if two providers claim one name, naming both
     */
    public static List<Architecture> available(ModuleLayer layer) {
        return sorted(load(layer), new ArrayList<>());
    }

    /**
     * The provider named {@code name} in {@code layer} and its parents.
     *
     * @throws IllegalArgumentException if none is named so, listing the names found and
     *         any provider that failed to load
     * @throws IllegalStateException if two providers claim the name
     */
    public static Architecture select(ModuleLayer layer, String name) {
        return select(load(layer), name);
    }

    /**
     * The provider named {@code name} among {@code providers} (a {@link ServiceLoader} or any
     * other source); a {@link ServiceConfigurationError} thrown while iterating is kept and
     * reported rather than stopping the search.
     *
     * @throws IllegalArgumentException if none is named so, listing the names found and
     *         any provider that failed to load
     * @throws IllegalStateException if two providers claim the name
     */
    public static Architecture select(Iterable<Architecture> providers, String name) {
        List<String> failures = new ArrayList<>();
        List<Architecture> all = sorted(providers, failures);
        for (Architecture a : all) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        StringBuilder msg = new StringBuilder("unknown architecture '").append(name).append("': expected one of ")
                .append(all.stream().map(Architecture::name).toList());
        for (String failure : failures) {
            msg.append("; a provider failed to load: ").append(failure);
        }
        throw new IllegalArgumentException(msg.toString());
    }

    private static ServiceLoader<Architecture> load(ModuleLayer layer) {
        return ServiceLoader.load(layer, Architecture.class);
    }

    private static List<Architecture> sorted(Iterable<Architecture> providers, List<String> failures) {
        TreeMap<String, Architecture> byName = new TreeMap<>();
        var it = providers.iterator();
        while (true) {
            Architecture a;
            try {
                if (!it.hasNext()) {
                    break;
                }
                a = it.next();
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                continue;
            }
            Architecture other = byName.putIfAbsent(a.name(), a);
            if (other != null && other.getClass() != a.getClass()) {
                throw new IllegalStateException("architecture '" + a.name() + "' is provided more than once: "
                        + describe(other) + " and " + describe(a));
            }
        }
        return List.copyOf(byName.values());
    }

    private static String describe(Architecture a) {
        return a.getClass().getName() + " in " + a.getClass().getModule();
    }
}
