package org.thplab.fs.anon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once on each real architecture ({@link AnonTestBase#archs()}); the test takes
 * the architecture's name and boots it through {@link AnonTestBase}, which runs the invariant
 * checker after the test. (fs-anon's tests do not see the filesystem kit, whose
 * {@code org.thplab.fs.tck.OnEveryArchitecture} does the same for fs-shmem and plugins.)
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("org.thplab.fs.anon.AnonTestBase#archs")
@interface OnEveryArchitecture {
}
