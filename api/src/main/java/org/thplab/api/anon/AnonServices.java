package org.thplab.api.anon;

import org.thplab.api.API;
import org.thplab.api.arch.Geometry;

/** What the core lends an anonymous-memory policy for its whole life. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AnonServices {

    /** The architecture's page geometry (how many pages a huge page holds). */
    Geometry geometry();

    /** count_vm_event() of one of the policy's events. */
    void count(ThpEvent event);
}
