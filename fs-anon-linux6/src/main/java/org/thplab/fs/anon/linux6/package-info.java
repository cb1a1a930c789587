/**
 * The {@code anon-thp-6.18} anonymous-memory plugin: the THP knobs 6.18 accepts, the huge
 * fault (a new THP or the huge zero page), copy-on-write of a huge PMD as 5.8+ does it
 * (reuse when exclusive, else split the PMD and let the PTE path copy one page; a write to
 * the huge zero page gets a fresh THP), and khugepaged's limits. The core does the
 * page-table work it asks for.
 */
package org.thplab.fs.anon.linux6;
