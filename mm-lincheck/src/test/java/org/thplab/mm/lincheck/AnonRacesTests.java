package org.thplab.mm.lincheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Races on one extent of anonymous memory, explored by the model checker. */
class AnonRacesTests {

    static List<Race> races() {
        return List.of(
                Race.of("anon: store vs store, one extent", AnonExtent.class)
                        .thread("store:1,11").thread("store:2,22")
                        .after("load", 1).after("load", 2).after("smaps"));
    }

    @Test
    void explored() {
        long[] explored = Explore.races(AnonExtent.class, races(), List.of("ppc64-radix"));
        for (long n : explored) {
            assertTrue(n > 0);
        }
    }
}
