/**
 * The generic memory manager: pages, page tables, VMAs, reverse mapping, the fault path,
 * the seed's huge-PMD functions, counters and the invariant checker. Only the entry
 * package {@code org.thplab.mm} is exported; plugins never see anything of it.
 *
 * @uses org.thplab.api.arch.Architecture
 */
module org.thplab.mm {
    requires transitive org.thplab.api;

    exports org.thplab.mm;

    uses org.thplab.api.arch.Architecture;
}
