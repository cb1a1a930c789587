package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;

/**
 * The architecture is declared as a provider alike for both runtimes: {@code provides} in
 * its module-info, {@code META-INF/services} and the OSGi manifest agree (see
 * {@link ServiceDeclarations}), and they name the architecture's own class.
 *
 * <p>It reads the compiled module the architecture's class comes from, so it needs the
 * plugin's classes as the build packages them (bnd writes the manifest before tests run).
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface ServiceDeclarationContract extends ArchitectureContract {

    @Test
    default void architectureIsDeclaredAlikeForJpmsAndOsgi() {
        Class<?> type = architectureUnderTest().getClass();
        Set<String> providers = ServiceDeclarations.assertProvidersAgree(type, Architecture.class);
        assertTrue(providers.contains(type.getName()),
                () -> type.getName() + " should be among the declared providers " + providers);
    }
}
