/**
 * The filesystem conformance kit: extend {@link org.thplab.fs.tck.FilesystemConformanceKit}
 * in a JUnit 5 test and return your {@link org.thplab.api.fs.FilesystemType}; the kit mounts
 * it in the real core on every architecture and checks options, faults, truncate and hole
 * punch under the invariant checker. For your plugin's own tests, {@link
 * org.thplab.fs.tck.OnEveryArchitecture} runs a test on every architecture with a booted
 * machine that the fixture checks after the test (a recount, every frame back).
 */
module org.thplab.fs.tck {
    requires transitive org.thplab.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.thplab.mm;

    exports org.thplab.fs.tck;

    opens org.thplab.fs.tck to org.junit.platform.commons;

    uses org.thplab.api.arch.Architecture;
}
