package org.thplab.arch.x86_64;

/**
 * The bits of an x86_64 page-table entry (arch/x86/include/asm/pgtable_types.h, v4.8).
 *
 * <pre>
 *  63  62..59  58      45 ........ 12  11  10  9   8   7   6   5   4   3   2   1   0
 * +--+-------+------+----------------+---+---+---+---+---+---+---+---+---+---+---+---+
 * |NX| PKEY  |DEVMAP|   page frame   |SD |SW2|SPC|GLB|PSE| D | A |PCD|PWT| U |RW | P |
 * +--+-------+------+----------------+---+---+---+---+---+---+---+---+---+---+---+---+
 *                    bit 12 is PAT_LARGE on a huge PMD, whose frame starts at bit 21;
 *                    bit 8 (GLOBAL) means PROTNONE when P is clear
 * </pre>
 */
final class X86Bits {
    /** _PAGE_PRESENT. */
    static final long PRESENT = 1L << 0;
    /** _PAGE_RW. */
    static final long RW = 1L << 1;
    /** _PAGE_USER. */
    static final long USER = 1L << 2;
    /** _PAGE_PWT. */
    static final long PWT = 1L << 3;
    /** _PAGE_PCD. */
    static final long PCD = 1L << 4;
    /** _PAGE_ACCESSED. */
    static final long ACCESSED = 1L << 5;
    /** _PAGE_DIRTY. */
    static final long DIRTY = 1L << 6;
    /** _PAGE_PSE: a large page at PMD level. */
    static final long PSE = 1L << 7;
    /** _PAGE_PROTNONE: the GLOBAL bit, read as PROT_NONE when PRESENT is clear. */
    static final long PROTNONE = 1L << 8;
    /** _PAGE_SPECIAL (software bit 1). */
    static final long SPECIAL = 1L << 9;
    /** _PAGE_SOFT_DIRTY (software bit 3). */
    static final long SOFT_DIRTY = 1L << 11;
    /** _PAGE_DEVMAP (software bit 4): a ZONE_DEVICE mapping, never trans_huge. */
    static final long DEVMAP = 1L << 58;
    /** _PAGE_NX. */
    static final long NX = 1L << 63;

    /** __PHYSICAL_MASK_SHIFT in 2016. */
    static final int PHYSICAL_MASK_SHIFT = 46;
    /** PTE_PFN_MASK: the frame of a 4 KiB leaf or of a table pointer, bits 12..45. */
    static final long PTE_PFN_MASK = ((1L << PHYSICAL_MASK_SHIFT) - 1) & ~0xfffL;
    /** PHYSICAL_PMD_PAGE_MASK: the frame of a huge PMD, bits 21..45. */
    static final long PMD_PAGE_PFN_MASK = ((1L << PHYSICAL_MASK_SHIFT) - 1) & ~((1L << 21) - 1);
    /** _PAGE_KNL_ERRATUM_MASK: bits pte_none() and pmd_none() ignore in v4.8. */
    static final long KNL_ERRATUM_MASK = DIRTY | ACCESSED;
    /** _PAGE_CHG_MASK: what pte_modify() keeps. */
    static final long PAGE_CHG_MASK = PTE_PFN_MASK | PCD | PWT | SPECIAL | ACCESSED | DIRTY | SOFT_DIRTY;
    /** _HPAGE_CHG_MASK: what pmd_modify() keeps. */
    static final long HPAGE_CHG_MASK = PAGE_CHG_MASK | PSE;
    /** _PAGE_TABLE: the flags of an entry pointing to a lower table. */
    static final long PAGE_TABLE = PRESENT | RW | USER | ACCESSED | DIRTY;

    /** PAGE_NONE. */
    static final long PAGE_NONE = PROTNONE | ACCESSED;
    /** PAGE_SHARED. */
    static final long PAGE_SHARED = PRESENT | RW | USER | ACCESSED | NX;
    /** PAGE_COPY (= PAGE_READONLY): read-only, writes fault for copy-on-write. */
    static final long PAGE_COPY = PRESENT | USER | ACCESSED | NX;

    private X86Bits() {
        // constants only
    }
}
