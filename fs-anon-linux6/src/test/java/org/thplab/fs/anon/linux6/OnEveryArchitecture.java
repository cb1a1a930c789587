package org.thplab.fs.anon.linux6;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once on each real architecture ({@link Linux6TestBase#archs()}); the test takes
 * the architecture's name and boots it through {@link Linux6TestBase}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("org.thplab.fs.anon.linux6.Linux6TestBase#archs")
@interface OnEveryArchitecture {
}
