package org.thplab.mm;

import java.util.List;
import org.thplab.api.API;

/** The invariant checker found state that does not reconcile with a full recount: a bug. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InvariantViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvariantViolation(List<String> problems) {
        super("invariant violated: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each difference found, naming the pfn, address or counter. */
    public List<String> problems() {
        return problems;
    }
}
