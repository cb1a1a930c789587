package org.thplab.mm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Runs a test once on each real architecture ({@link Architectures4Test#NAMES}) under the
 * {@link KernelFixture}: the test takes a {@link TestKernel} as its one parameter, boots it,
 * and the fixture checks the machine after the test.
 */
@SuppressWarnings("exports") // test-tree only, for the tests of the packages below the facade
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(KernelFixture.class)
@ExtendWith(KernelFixture.class)
public @interface OnEveryArchitecture {
}
