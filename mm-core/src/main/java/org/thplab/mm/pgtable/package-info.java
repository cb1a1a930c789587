/**
 * Page-table pages: PMD and PTE tables of the architecture's shape, PTE tables drawn from
 * page frames (ppc64: 16 fragments per frame), and the registry that finds a table from its frame.
 *
 * <p>Layer: above {@code page}; it knows frames, not mappings, so an mm (which owns a
 * {@link org.thplab.mm.pgtable.PageTables}) sits above it.
 */
package org.thplab.mm.pgtable;
