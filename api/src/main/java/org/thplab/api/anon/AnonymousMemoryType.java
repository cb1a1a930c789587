package org.thplab.api.anon;

import java.util.Optional;
import org.thplab.api.API;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOptions;

/**
 * The service an anonymous-memory plugin provides: a factory of per-machine policies. At most
 * one is loaded; without one, anonymous memory has no transparent huge pages.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AnonymousMemoryType {

    /** A short name for listings and error messages. */
    String name();

    /** The policy of one machine, starting from the knobs' defaults. */
    AnonymousMemory start(AnonServices services);

    /**
     * The knobs {@link AnonymousMemory#set} accepts on an architecture of geometry {@code g}, in
     * the order of {@link AnonymousMemory#knobs()}, declared as data so that a script can be
     * checked without starting the plugin. Empty (the default) means undeclared: every knob is
     * then left to {@link AnonymousMemory#set} at run time, which stays the authority.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    default Optional<DeclaredOptions> declaredKnobs(Geometry g) {
        return Optional.empty();
    }
}
