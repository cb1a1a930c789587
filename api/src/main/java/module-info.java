/**
 * The service-provider interfaces of thplab.
 *
 * <p>{@code org.thplab.api.arch} is the architecture SPI: page-table geometry,
 * PTE and PMD encodings as pure functions over {@code long}, the operations on a
 * live PMD slot, deposit and withdraw of the page table kept for a huge PMD, and
 * the choice of page-table locks. {@code org.thplab.api.fs} is the filesystem SPI and
 * {@code org.thplab.api.anon} the anonymous-THP policy SPI (both experimental). Plugins
 * depend on this module only.
 *
 * @uses org.thplab.api.arch.Architecture
 */
module org.thplab.api {
    exports org.thplab.api;
    exports org.thplab.api.arch;
    exports org.thplab.api.fs;
    exports org.thplab.api.anon;

    uses org.thplab.api.arch.Architecture;
}
