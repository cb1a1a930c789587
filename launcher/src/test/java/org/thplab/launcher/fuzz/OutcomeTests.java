package org.thplab.launcher.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OutcomeTests {
    @Test
    void lineNumbersNumbersAndTheCommandCheckedAfterDoNotMakeADifferentFailure() {
        Outcome a = new Outcome(3, "fuzz.wl:10: after 'madvise': invariant violated: pfn 0x3b4: refcount 1 but 0"
                + " mappings hold it; pfn 0x3b5: refcount 1 but 0 mappings hold it");
        Outcome b = new Outcome(3, "x.wl:4: after 'write': invariant violated: pfn 0x17: refcount 2 but 1 mappings"
                + " hold it");
        assertEquals(a.signature(), b.signature());
        assertEquals("3 invariant violated: pfn #: refcount # but # mappings hold it", a.signature());
    }

    @Test
    void theStatusAndTheWordsDo() {
        assertEquals(new Outcome(1, "expect failed at 61: bad=3, wanted 2").signature(),
                new Outcome(1, "expect failed at 7: bad=1, wanted 0").signature());
        assertNotEquals(new Outcome(1, "expect failed at 7: bad=1, wanted 0").signature(),
                new Outcome(1, "expect failed at 7: segv p0 A 0, wanted bad=0").signature());
        assertNotEquals(new Outcome(2, "a.wl:3: write failed: x").signature(),
                new Outcome(3, "a.wl:3: write failed: x").signature());
        assertFalse(Outcome.PASSED.failed());
    }
}
