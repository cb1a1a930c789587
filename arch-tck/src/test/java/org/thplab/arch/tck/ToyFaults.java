package org.thplab.arch.tck;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.thplab.arch.tck.ToyArchitecture.Fault;

/**
 * Hands a self-test kit the faults its toy architecture should have, read from the
 * engine's configuration parameter {@value #KEY} (comma-separated {@link Fault} names),
 * so that one kit class serves a correct toy and every broken one.
 */
final class ToyFaults implements TestInstancePostProcessor {

    /** The configuration parameter naming the faults. */
    static final String KEY = "thplab.toy.faults";

    /** A kit whose toy takes its faults from the configuration. */
    interface Configurable {
        void useFaults(Set<Fault> faults);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        context.getConfigurationParameter(KEY).ifPresent(names -> Arrays.stream(names.split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).map(Fault::valueOf).forEach(faults::add));
        ((Configurable) testInstance).useFaults(faults);
    }
}
