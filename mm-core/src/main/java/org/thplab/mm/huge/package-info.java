/**
 * huge_memory.c and khugepaged.c: the seed's team functions ({@link
 * org.thplab.mm.huge.TeamPmd}: map_team_by_pmd, unmap_team_by_pmd, remap_team_by_ptes,
 * remap_team_by_pmd), the dispatch on huge PMDs ({@link org.thplab.mm.huge.HugeMemory}:
 * zap, copy at fork, change, move, follow, split, write-protect), the huge branches of the
 * fault path with the anonymous THP policy they ask ({@link org.thplab.mm.huge.HugeFaults}),
 * anonymous THP mechanisms, the huge zero page and collapse.
 *
 * <p>Layer: above {@code memory}, whose {@code HugePmdOps} it implements; the plugin's
 * {@code FaultReply} answers become {@code Fault} bits in {@code HugeFaults}, at the boundary.
 */
package org.thplab.mm.huge;
