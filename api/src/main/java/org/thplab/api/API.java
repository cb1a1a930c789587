package org.thplab.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public type or member of thplab may be relied upon.
 *
 * <p>Every exported type carries one. Plugin authors should build on
 * {@link Status#STABLE} and {@link Status#MAINTAINED} elements only.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@API(status = API.Status.STABLE, since = "0.1")
public @interface API {

    /** The stability of the annotated element. */
    Status status();

    /** The thplab version in which the element reached its current status. */
    String since();

    /** Stability levels, from least to most dependable. */
    enum Status {
        /** For thplab's own modules only; may change without notice. */
        INTERNAL,
        /** New; may change in a minor release when experience calls for it. */
        EXPERIMENTAL,
        /** Kept compatible within a major version, but not frozen. */
        MAINTAINED,
        /** Will not change incompatibly within a major version. */
        STABLE
    }
}
