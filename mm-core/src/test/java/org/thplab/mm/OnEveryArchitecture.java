package org.thplab.mm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once on each real architecture ({@link Architectures4Test#NAMES}); the test takes
 * the architecture's name as its one parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest
@MethodSource("org.thplab.mm.Architectures4Test#names")
@interface OnEveryArchitecture {
}
