/**
 * The architecture conformance kit: extend {@link org.thplab.arch.tck.ArchitectureConformanceKit}
 * in a JUnit 5 test and return your {@link org.thplab.api.arch.Architecture}; the kit checks
 * encodings, deposit and withdraw, slot operations and their ordering rules.
 */
module org.thplab.arch.tck {
    requires transitive org.thplab.api;
    requires transitive org.junit.jupiter.api;

    exports org.thplab.arch.tck;

    opens org.thplab.arch.tck to org.junit.platform.commons;
}
