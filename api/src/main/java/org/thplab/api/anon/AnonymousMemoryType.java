package org.thplab.api.anon;

import org.thplab.api.API;

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
}
