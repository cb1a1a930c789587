package org.thplab.fs.shmem.linux6;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.thplab.fs.tck.OnEveryArchitecture;
import org.thplab.fs.tck.TestMachine;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Mount;
import org.thplab.mm.Process;

/** Truncate, punch and the shrinker on huge pages (D13, D14, D21, D26), on every architecture. */
class TruncateTests extends Shmem6TestBase {

    /** D13: a punch inside a huge page splits it: unmapped in every process, then the range freed. */
    @OnEveryArchitecture
    void aPunchInsideAHugePageSplitsItEverywhere(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 2 * pmd);
        p.storePages(base, 2 * pmd, 3);
        Process q = p.fork();
        q.load(base + pmd);
        f.punchHole(pmd + 4 * page, page);
        step();
        assertEquals(pmd, rss(p, base, 2 * pmd), "p keeps extent 0 only");
        assertEquals(0, rss(q, base, 2 * pmd));
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(pmd, meminfo().shmemPmdMapped());
        assertEquals(2 * pmd - page, meminfo().shmem());
        assertEquals(1, event("thp_split_page"));
        assertEquals(0, q.load(base + pmd + 4 * page).value(), "the hole reads zero");
        assertEquals(0, q.verifyPages(base + pmd + 5 * page, pmd - 5 * page, 3).mismatches());
        assertEquals('p', q.layout(base, 2 * pmd).charAt(1), "small pages now: PTEs");
        assertAllMemoryBack(List.of(f), p, q);
    }

    /** D14: truncate and punch covering whole huge pages take them out whole. */
    @OnEveryArchitecture
    void wholeHugePagesLeaveWhole(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 3 * pmd);
        p.storePages(base, 3 * pmd, 2);
        f.punchHole(pmd, pmd);
        step();
        assertEquals(2 * pmd, meminfo().shmemHugePages());
        assertEquals(2 * pmd, meminfo().shmem());
        f.truncate(pmd);
        step();
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(0, event("thp_split_page"));
        assertEquals(Access.SIGBUS, p.load(base + pmd).access());
        assertEquals(2, p.load(base).value());
        assertAllMemoryBack(List.of(f), p);
    }

    /** Truncate into a huge page splits it and frees the pages past the end; the rest refaults by PTEs. */
    @OnEveryArchitecture
    void truncateMidExtentSplitsTheLastHugePage(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 2 * pmd);
        p.storePages(base, 2 * pmd, 6);
        f.truncate(pmd + 10 * page);
        step();
        assertEquals(pmd, rss(p, base, 2 * pmd));
        assertEquals(pmd + 10 * page, meminfo().shmem());
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(0, p.verifyPages(base + pmd, 10 * page, 6).mismatches());
        assertEquals(Access.SIGBUS, p.load(base + pmd + 10 * page).access());
        assertAllMemoryBack(List.of(f), p);
    }

    /** D21, D26: a huge page straddling EOF counts whole until the shrinker splits it and frees the tail. */
    @OnEveryArchitecture
    void theShrinkerSplitsAHugePageStraddlingEof(TestMachine machine) {
        Mount m = boot(machine, Map.of("huge", "always"));
        Process p = kernel.spawn();
        FileHandle f = sharedFile(m, p, base, 2 * pmd);
        f.truncate(pmd + 10 * page);
        p.store(base + pmd, 1);
        step();
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(pmd, meminfo().shmem(), "a huge page counts whole, past EOF too");
        p.store(base, 1);
        assertEquals(2 * pmd, meminfo().shmemHugePages());
        kernel.reclaim();
        step();
        assertEquals(pmd, meminfo().shmemHugePages());
        assertEquals(pmd + 10 * page, meminfo().shmem());
        assertEquals(1, p.load(base + pmd).value());
        assertAllMemoryBack(List.of(f), p);
    }
}
