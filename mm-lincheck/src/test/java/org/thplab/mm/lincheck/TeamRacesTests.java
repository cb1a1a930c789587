package org.thplab.mm.lincheck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/** Races on one huge tmpfs file mapped by two processes, explored by the model checker. */
class TeamRacesTests {
    /** An smaps result after the race that still counts the team's PMD mapping. */
    private static final Pattern STILL_PMD_MAPPED = Pattern.compile("shmemPmd=[1-9]");

    @Test
    void anUntouchedFile() {
        Explore.everyRace(TeamFile.class,
                Race.of("tmpfs: fault vs fault, one team, two mms", TeamFile.class)
                        .thread("store:A,1,11").thread("load:B,2")
                        .after("load", "B", 1).after("smaps", "A").after("smaps", "B"),
                Race.of("tmpfs: fault vs fault, one team, one mm", TeamFile.class)
                        .thread("store:A,1,11").thread("load:A,2")
                        .after("load", "B", 1).after("smaps", "A"),
                Race.of("tmpfs: fault vs munmap", TeamFile.class)
                        .thread("store:A,1,11").thread("munmap")
                        .after("load", "B", 1).after("smaps", "B"),
                Race.of("tmpfs: fault vs fork", TeamFile.class)
                        .thread("store:A,1,11").thread("fork", "load:child,1")
                        .after("smaps", "A"));
    }

    @Test
    void aTeamMappedByAPmd() {
        Explore.everyRace(TeamFile.Mapped.class,
                Race.of("tmpfs: fault vs mprotect", TeamFile.Mapped.class)
                        .thread("store:A,1,11").thread("readOnly:2,1")
                        .after("load", "A", 1).after("smaps", "A"),
                Race.of("tmpfs: PMD map in B vs store in A", TeamFile.Mapped.class)
                        .thread("load:B,1").thread("store:A,2,22")
                        .after("load", "B", 2).after("smaps", "B"),
                Race.of("tmpfs: PMD map in B vs store in A vs mprotect in A", TeamFile.Mapped.class)
                        .thread("load:B,1").thread("store:A,2,22").thread("readOnly:3,1")
                        .after("load", "B", 2).after("smaps", "A").after("smaps", "B"));
    }

    /**
     * Known bug, in fs-shmem's locking (reported, not fixed here: fs-shmem's code belongs to
     * another change). tmpfs's fault takes a reference on the team head under the tree lock,
     * drops the lock, then locks the head and answers VM_FAULT_HUGE; a hole punch or truncate
     * unmaps the range first, then disbands the team and deletes its pages under the tree
     * lock, taking no page lock. A fault whose PMD is installed between the two steps survives
     * them: the file loses the pages while a process still maps them (a truncate), or the
     * disband refuses ("disbanding the team ... while PMDs still map it", contained as a plugin
     * failure) and the hole is never punched. Linux closes both with the page lock: the fault
     * holds the head locked until it is mapped and re-checks page->mapping after locking it,
     * and truncate locks each page and unmaps it again if it is mapped. The model checker
     * found both within CI's bound on fs-shmem as it was; since tmpfs populates a team in one
     * step (issue 12), the disband race ("load:B,1" against "punch:3,1" on a mapped team) is no
     * longer found within that bound, so only the truncate race is asserted here. Once
     * fs-shmem takes the page lock as Linux does, this fails: move the race into the explored
     * ones above.
     */
    @Test
    void knownBugAPunchOrTruncateRacingAHugeFaultLeavesTheTeamMapped() {
        assertFinds(TeamFile.class, Race.of("tmpfs: fault vs truncate", TeamFile.class)
                .thread("store:A,1,11").thread("truncate:0")
                .after("smaps", "A"));
    }

    /** Asserts the model checker finds {@code race} ending with the team still mapped by a PMD. */
    private static void assertFinds(Class<?> state, Race race) {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> Explore.races(state, List.of(race), Explore.ARCHES), race.name());
        assertTrue(e.getMessage().contains("Invalid execution results"), e.getMessage());
        assertTrue(STILL_PMD_MAPPED.matcher(e.getMessage()).find(), e.getMessage());
    }

}
