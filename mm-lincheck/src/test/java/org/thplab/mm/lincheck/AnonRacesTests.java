package org.thplab.mm.lincheck;

import org.junit.jupiter.api.Test;

/** Races on one PMD extent of anonymous memory (THP enabled=always), explored by the model checker. */
class AnonRacesTests {

    @Test
    void anEmptyExtent() {
        Explore.everyRace(AnonExtent.class,
                Race.of("anon: fault vs fault, one extent", AnonExtent.class)
                        .thread("store:1,11").thread("load:2")
                        .after("load", 1).after("smaps"),
                Race.of("anon: fault vs fork", AnonExtent.class)
                        .thread("store:1,11").thread("fork", "childLoad:1")
                        .after("smaps"));
    }

    @Test
    void anExtentMappedByAThp() {
        Explore.everyRace(AnonExtent.Thp.class,
                Race.of("anon: fault vs munmap", AnonExtent.Thp.class)
                        .thread("store:1,11").thread("munmap")
                        .after("smaps"),
                Race.of("anon: fault vs mprotect", AnonExtent.Thp.class)
                        .thread("store:1,11").thread("readOnly:1,1")
                        .after("load", 1).after("smaps"),
                Race.of("anon: fault vs MADV_DONTNEED", AnonExtent.Thp.class)
                        .thread("dontneed").thread("store:1,11")
                        .after("load", 0).after("load", 1).after("smaps"),
                Race.of("anon: fault vs fork and fault in the child", AnonExtent.Thp.class)
                        .thread("store:0,6").thread("fork", "childStore:0,7")
                        .after("load", 0).after("childLoad", 0).after("smaps"));
    }

    @Test
    void anExtentOfSmallPages() {
        Explore.everyRace(AnonExtent.SmallPages.class,
                Race.of("anon: MADV_COLLAPSE vs fault", AnonExtent.SmallPages.class)
                        .thread("collapse").thread("store:1,11")
                        .after("load", 0).after("load", 1).after("smaps"),
                Race.of("anon: khugepaged vs munmap", AnonExtent.SmallPages.class)
                        .thread("khugepaged").thread("munmap")
                        .after("smaps"),
                Race.of("anon: khugepaged vs fault", AnonExtent.SmallPages.class)
                        .thread("khugepaged").thread("store:1,11")
                        .after("load", 1).after("smaps"),
                Race.of("anon: khugepaged vs fault vs munmap", AnonExtent.SmallPages.class)
                        .thread("khugepaged").thread("store:1,11").thread("munmap")
                        .after("smaps"));
    }

}
