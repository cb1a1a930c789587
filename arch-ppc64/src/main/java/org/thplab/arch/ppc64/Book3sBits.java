package org.thplab.arch.ppc64;

/**
 * The bits of a book3s64 PTE or leaf PMD (arch/powerpc/include/asm/book3s/64/pgtable.h and
 * hash-64k.h, v4.7/v4.8 layout, shared by the hash and radix MMUs).
 *
 * <pre>
 *  63  62  61   60   59..57  56 ......... 16  13    12    11   10  9   8   7   5..4 3   2   1   0
 * +---+---+----+----+-------+---------------+-----+-----+----+---+---+---+---+----+---+---+---+---+
 * | P |PTE|HASH|2ND | GIX   |  real page    |THP_ |COMBO|BUSY|SPC|SD | A | D |SAO/|PRV| R | W | X |
 * |   |   |PTE |    |       |  number (RPN) |HUGE |     |    |   |   |   |   | NC |   |   |   |   |
 * +---+---+----+----+-------+---------------+-----+-----+----+---+---+---+---+----+---+---+---+---+
 *  bits 61..57, 13..11 are the hash MMU's own (HPTE bookkeeping); radix leaves them clear
 * </pre>
 */
final class Book3sBits {
    /** _PAGE_EXEC. */
    static final long EXEC = 0x1L;
    /** _PAGE_WRITE. */
    static final long WRITE = 0x2L;
    /** _PAGE_READ. */
    static final long READ = 0x4L;
    /** _PAGE_RW: write implies read, so mkwrite sets both. */
    static final long RW = READ | WRITE;
    /** _PAGE_PRIVILEGED: kernel only; on a user entry it means PROT_NONE. */
    static final long PRIVILEGED = 0x8L;
    /** _PAGE_DIRTY (radix hardware "C"). */
    static final long DIRTY = 0x80L;
    /** _PAGE_ACCESSED (radix hardware "R"). */
    static final long ACCESSED = 0x100L;
    /** _PAGE_SOFT_DIRTY. */
    static final long SOFT_DIRTY = 0x200L;
    /** _PAGE_SPECIAL. */
    static final long SPECIAL = 0x400L;
    /** H_PAGE_BUSY: hash entry being updated. */
    static final long H_BUSY = 0x800L;
    /** H_PAGE_COMBO: a 64 KiB page hashed as 4 KiB entries. */
    static final long H_COMBO = 0x1000L;
    /** H_PAGE_THP_HUGE: on a PMD, marks a transparent huge page (not hugetlbfs). */
    static final long H_THP_HUGE = 0x2000L;
    /** H_PAGE_F_GIX: slot in the hash group. */
    static final long H_F_GIX = 7L << 57;
    /** H_PAGE_F_SECOND: the entry is in the secondary hash group. */
    static final long H_F_SECOND = 1L << 60;
    /** H_PAGE_HASHPTE: a hash-table entry exists for this PTE or PMD. */
    static final long H_HASHPTE = 1L << 61;
    /** _PAGE_PTE: a leaf (PTE or huge PMD), not a pointer to a table. */
    static final long PTE = 1L << 62;
    /** _PAGE_PRESENT. */
    static final long PRESENT = 1L << 63;

    /** Highest physical address bit + 1 the RPN field holds. */
    static final int PHYSICAL_ADDRESS_BITS = 57;
    /** PTE_RPN_MASK for 64 KiB pages: bits 16..56. */
    static final long RPN_MASK = ((1L << PHYSICAL_ADDRESS_BITS) - 1) & ~0xffffL;
    /** _PAGE_HPTEFLAGS: the hash MMU's bookkeeping, ignored by pte_none and pte_same on hash. */
    static final long HPTEFLAGS = H_BUSY | H_F_SECOND | H_F_GIX | H_HASHPTE | H_COMBO;
    /** _PAGE_CHG_MASK: what pte_modify() keeps. */
    static final long PAGE_CHG_MASK = RPN_MASK | HPTEFLAGS | DIRTY | ACCESSED | SPECIAL | PTE | SOFT_DIRTY;
    /** _HPAGE_CHG_MASK: what pmd_modify() keeps. */
    static final long HPAGE_CHG_MASK = RPN_MASK | HPTEFLAGS | DIRTY | ACCESSED | H_THP_HUGE | PTE | SOFT_DIRTY;
    /** The bits __ptep_set_access_flags() may OR in. */
    static final long ACCESS_FLAGS = DIRTY | ACCESSED | RW | EXEC | SOFT_DIRTY;
    /** What pmd_page_vaddr() masks off a table pointer. */
    static final long TABLE_POINTER_FLAGS = 0xc0000000000000ffL;

    /** _PAGE_BASE. */
    static final long PAGE_BASE = PRESENT | ACCESSED;
    /** PAGE_NONE. */
    static final long PAGE_NONE = PAGE_BASE | PRIVILEGED;
    /** PAGE_SHARED. */
    static final long PAGE_SHARED = PAGE_BASE | RW;
    /** PAGE_COPY (= PAGE_READONLY). */
    static final long PAGE_COPY = PAGE_BASE | READ;

    /** protection_map[], indexed by VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. */
    static final long[] PROTECTION_MAP = {
        PAGE_NONE, PAGE_COPY, PAGE_COPY, PAGE_COPY,                                 // __P000..__P011
        PAGE_COPY | EXEC, PAGE_COPY | EXEC, PAGE_COPY | EXEC, PAGE_COPY | EXEC,     // __P100..__P111
        PAGE_NONE, PAGE_COPY, PAGE_SHARED, PAGE_SHARED,                             // __S000..__S011
        PAGE_COPY | EXEC, PAGE_COPY | EXEC, PAGE_SHARED | EXEC, PAGE_SHARED | EXEC, // __S100..__S111
    };

    private Book3sBits() {
        // constants only
    }
}
