/**
 * The anonymous-memory SPI: the transparent-hugepage policy for private anonymous memory,
 * experimental like the filesystem SPI.
 *
 * <p>A plugin provides {@link org.thplab.api.anon.AnonymousMemoryType}; the core starts one
 * {@link org.thplab.api.anon.AnonymousMemory} per machine and asks it what the kernel's
 * policy code decides: the knobs of {@code /sys/kernel/mm/transparent_hugepage}, whether a
 * mapping may go huge, what a huge fault and a write to a read-only huge PMD do, and whether
 * khugepaged may collapse an extent. The mechanisms (allocating a huge page, installing,
 * copying or splitting a PMD) stay in the core and are reached through
 * {@link org.thplab.api.anon.HugeAnonFault}, so a plugin never touches a page table.
 */
package org.thplab.api.anon;
