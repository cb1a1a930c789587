/**
 * The ppc64 book3s64 architecture plugins, 64 KiB pages: {@code ppc64} (the hash MMU,
 * 16 MiB huge PMDs, deposit into the PMD table's shadow half, and the ordering rules of
 * pgtable-hash64 enforced) and {@code ppc64-radix} (2 MiB huge PMDs, one deposit list per
 * mm). Both keep one PMD lock per mm and PTE tables as 16 fragments of a page. The two
 * providers are the only public classes; the module exports nothing.
 */
package org.thplab.arch.ppc64;
