/**
 * memory.c: the fault path down to the PTE (handle_mm_fault, do_anonymous_page, __do_fault,
 * do_wp_page), the MMU's translation, zap and free_pgtables, copy_page_range at fork,
 * change_protection, get_user_pages and the file side of reverse mapping; {@link
 * org.thplab.mm.memory.Machine} is what one simulated machine shares.
 *
 * <p>Layer: above {@code rmap}, {@code pagecache} and {@code plugin}. Huge PMDs are
 * huge_memory.c's business, which sits above: this package owns the interface
 * {@link org.thplab.mm.memory.HugePmdOps} (create_huge_pmd, wp_huge_pmd, map_team_by_pmd,
 * zap/copy/change/split/follow of a huge PMD) that {@code huge.HugeMemory} implements, and
 * the facade wires the two at boot. Outcomes inside the core are {@link
 * org.thplab.mm.memory.Fault} bits.
 */
package org.thplab.mm.memory;
