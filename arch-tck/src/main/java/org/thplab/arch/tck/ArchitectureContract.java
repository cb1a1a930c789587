package org.thplab.arch.tck;

import org.thplab.api.API;
import org.thplab.api.arch.Architecture;

/**
 * What every contract of the kit needs: the architecture under test.
 *
 * <p>Each contract is a JUnit 5 test interface of default {@code @Test} methods. A test
 * class implements the contracts it wants and returns its architecture here:
 *
 * <pre>{@code
 * class MyArchCodecTests implements PteCodecContract, PmdCodecContract {
 *     public Architecture architectureUnderTest() { return new MyArch(); }
 * }
 * }</pre>
 *
 * <p>{@link ArchitectureConformanceKit} implements all of them; that is what an
 * architecture must pass.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface ArchitectureContract {

    /** The architecture under test; may return a new instance on each call (each test calls it once). */
    Architecture architectureUnderTest();
}
