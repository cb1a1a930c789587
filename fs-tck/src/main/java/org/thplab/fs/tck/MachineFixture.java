package org.thplab.fs.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The JUnit 5 extension behind {@link OnEveryArchitecture}: it hands a test one
 * {@link TestMachine} per real architecture and, after each test, checks every machine the
 * test booted. The machines booted by the running invocation are kept in the test method's
 * store, which the invocation's context inherits. Use the annotation; this class is public
 * only because JUnit instantiates it.
 */
public final class MachineFixture implements ArgumentsProvider, AfterEachCallback {
    /** The real architectures, by the names the launcher and the core know them. */
    static final List<String> ARCHITECTURES = List.of("x86_64", "ppc64", "ppc64-radix");
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MachineFixture.class);

    /** For JUnit. */
    public MachineFixture() {
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        List<TestMachine> booted = booted(context);
        return ARCHITECTURES.stream().map(arch -> Arguments.of(new TestMachine(arch, booted)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<TestMachine> booted = booted(context);
        try {
            for (TestMachine m : booted) {
                m.assertClean();
            }
        } finally {
            booted.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<TestMachine> booted(ExtensionContext context) {
        ExtensionContext method = context.getParent().filter(p -> p.getTestMethod().isPresent()).orElse(context);
        return method.getStore(NS).getOrComputeIfAbsent("booted", key -> new ArrayList<TestMachine>(), List.class);
    }
}
