package org.thplab.mm.lincheck;

import org.thplab.mm.Access;
import org.thplab.mm.Process;
import org.thplab.mm.Smaps;

/** Operation results as short strings, which Lincheck prints in its tables of a failing interleaving. */
final class Outcomes {
    private Outcomes() {
    }

    /** "OK 7" for a load that read 7, else the signal. */
    static String of(Process.Load load) {
        return load.access() == Access.OK ? "OK " + load.value() : load.access().name();
    }

    /** The smaps figures in pages: resident, anonymous, anonymous huge, shmem PMD-mapped. */
    static String of(Smaps s, long page) {
        return "rss=" + s.rss() / page + " anon=" + s.anonymous() / page + " anonHuge=" + s.anonHugePages() / page
                + " shmemPmd=" + s.shmemPmdMapped() / page;
    }
}
