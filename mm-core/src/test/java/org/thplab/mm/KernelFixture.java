package org.thplab.mm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * The mm-core test fixture behind {@link OnEveryArchitecture}: it hands a test one
 * {@link TestKernel} per real architecture and, after each test, checks every machine the
 * test booted (a clean invariant check, every frame back once the test has released what it
 * held). The machines booted by the current invocation are kept in the test method's store,
 * which the invocation's context inherits.
 */
final class KernelFixture implements ArgumentsProvider, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelFixture.class);

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        List<TestKernel> booted = booted(context);
        return Architectures4Test.names().map(arch -> Arguments.of(new TestKernel(arch, booted)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<TestKernel> booted = booted(context);
        try {
            for (TestKernel k : booted) {
                k.assertClean();
            }
        } finally {
            booted.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<TestKernel> booted(ExtensionContext context) {
        ExtensionContext method = context.getTestMethod().isPresent() && context.getParent().isPresent()
                && context.getParent().get().getTestMethod().isPresent() ? context.getParent().get() : context;
        return method.getStore(NS).getOrComputeIfAbsent("booted", key -> new ArrayList<TestKernel>(), List.class);
    }
}
