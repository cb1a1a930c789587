package org.thplab.api.anon;

import org.thplab.api.API;

/** The /proc/vmstat events an anonymous-memory policy counts itself. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ThpEvent {
    /** thp_fault_alloc: a fault got a new huge page. */
    FAULT_ALLOC,
    /** thp_fault_fallback: a fault wanted a huge page and took small ones. */
    FAULT_FALLBACK,
}
