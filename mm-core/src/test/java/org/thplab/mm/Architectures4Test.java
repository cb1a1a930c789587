package org.thplab.mm;

import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Architectures;

/** The real architectures, for tests that run the core on each. */
final class Architectures4Test {
    static final String[] NAMES = {"x86_64", "ppc64", "ppc64-radix"};

    private Architectures4Test() {
    }

    static Architecture named(String name) {
        Architectures4Test.class.getModule().addUses(Architecture.class);
        return Architectures.select(ServiceLoader.load(Architecture.class), name);
    }

    static Stream<String> names() {
        return Stream.of(NAMES);
    }
}
