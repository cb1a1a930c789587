package org.thplab.fs.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Part of the kit for your own plugin tests: runs a test once on each real architecture
 * (x86_64, ppc64, ppc64-radix) under {@link MachineFixture}. The test takes a
 * {@link TestMachine} as its one parameter and boots it with your plugin; after the test the
 * fixture runs the core's invariant checker on every machine the test booted, and expects
 * every frame back if the test released what it held ({@link TestMachine#assertAllMemoryBack}).
 *
 * <pre>{@code
 * @OnEveryArchitecture
 * void myFilesystemMapsByPmd(TestMachine machine) {
 *     Kernel kernel = machine.boot(256L << 20, List.of(new MyFs()), null);
 *     ...
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(MachineFixture.class)
@ExtendWith(MachineFixture.class)
public @interface OnEveryArchitecture {
}
