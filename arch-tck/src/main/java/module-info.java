/**
 * The architecture conformance kit: extend {@link org.thplab.arch.tck.ArchitectureConformanceKit}
 * in a JUnit 5 test and return your {@link org.thplab.api.arch.Architecture}, or implement the
 * contracts you want one by one; the kit checks encodings, protections, locks, deposit and
 * withdraw, slot operations and their ordering rules, and the provider declarations.
 */
module org.thplab.arch.tck {
    requires transitive org.thplab.api;
    requires transitive org.junit.jupiter.api;

    exports org.thplab.arch.tck;

    opens org.thplab.arch.tck to org.junit.platform.commons;
}
