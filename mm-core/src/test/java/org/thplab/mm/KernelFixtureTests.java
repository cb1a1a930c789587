package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fixture fails a test that keeps what it held, or leaks a frame, and passes one that gives all back. */
class KernelFixtureTests {

    @Test
    void aTestThatHoldsOrLeaksMemoryFailsTheAfterTestCheck() {
        List<TestKernel> booted = new ArrayList<>();
        TestKernel k = new TestKernel("x86_64", booted);
        Process p = k.boot(64L << 20);
        assertEquals(List.of(k), booted, "the fixture checks what the test booted");
        p.mmapAnonymous(k.base, 4 * k.page, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base, 1));
        assertThrows(AssertionFailedError.class, k::assertClean, "never released");

        long leaked = k.kernel.machine().buddy.allocPages(0);
        assertThrows(InvariantViolation.class, () -> k.assertAllMemoryBack(null, p), "a frame held by no one");
        k.kernel.machine().putPage(leaked);
        k.assertClean();
    }
}
