package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * The page-table geometry of an architecture: page and table sizes at each level.
 *
 * <p>The constructor checks that the shifts and table sizes describe one consistent
 * four-level radix tree (each level's shift is the one below plus the log2 of its
 * table's entries), so a plugin cannot publish a geometry that generic code would
 * walk wrongly.
 *
 * @param pageShift           PAGE_SHIFT: log2 of the base page size
 * @param pmdShift            PMD_SHIFT (= HPAGE_PMD_SHIFT): log2 of the size one PMD entry maps
 * @param pudShift            PUD_SHIFT
 * @param pgdirShift          PGDIR_SHIFT
 * @param ptrsPerPte          PTRS_PER_PTE: entries in a PTE table
 * @param ptrsPerPmd          PTRS_PER_PMD
 * @param ptrsPerPud          PTRS_PER_PUD
 * @param ptrsPerPgd          PTRS_PER_PGD
 * @param pteTableBytes       bytes one PTE table occupies (a page, or a fragment of one)
 * @param pteTablesPerPage    PTE tables carved from one page (ppc64's fragments share a page and its lock)
 * @param pmdTableBytes       bytes one PMD table occupies; twice the entries' bytes when a shadow
 *                            half holds the deposited tables (ppc64 hash)
 * @param physicalAddressBits bits of physical address a leaf entry can hold
 * @param userAddressBits     bits of user virtual address space (TASK_SIZE)
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Geometry(int pageShift, int pmdShift, int pudShift, int pgdirShift,
                       int ptrsPerPte, int ptrsPerPmd, int ptrsPerPud, int ptrsPerPgd,
                       int pteTableBytes, int pteTablesPerPage, int pmdTableBytes,
                       int physicalAddressBits, int userAddressBits) {

    /** Bytes of one page-table entry at every level. */
    public static final int ENTRY_BYTES = 8;

    /**
     * Checks consistency.
     *
     * @throws IllegalArgumentException naming the first value that does not fit, and what was expected
     */
    public Geometry {
        require(pageShift >= 12 && pageShift <= 16, "pageShift", pageShift, "12 (4 KiB) to 16 (64 KiB)");
        requirePowerOfTwo("ptrsPerPte", ptrsPerPte);
        requirePowerOfTwo("ptrsPerPmd", ptrsPerPmd);
        requirePowerOfTwo("ptrsPerPud", ptrsPerPud);
        requirePowerOfTwo("ptrsPerPgd", ptrsPerPgd);
        requireShift("pmdShift", pmdShift, pageShift, ptrsPerPte);
        requireShift("pudShift", pudShift, pmdShift, ptrsPerPmd);
        requireShift("pgdirShift", pgdirShift, pudShift, ptrsPerPud);
        require(pteTableBytes >= ptrsPerPte * ENTRY_BYTES, "pteTableBytes", pteTableBytes,
                "at least ptrsPerPte * 8 = " + ptrsPerPte * ENTRY_BYTES);
        require(pteTablesPerPage >= 1 && pteTablesPerPage * pteTableBytes <= (1 << pageShift),
                "pteTablesPerPage", pteTablesPerPage, "1 to pageSize / pteTableBytes");
        require(pmdTableBytes == ptrsPerPmd * ENTRY_BYTES || pmdTableBytes == 2 * ptrsPerPmd * ENTRY_BYTES,
                "pmdTableBytes", pmdTableBytes,
                "ptrsPerPmd * 8 = " + ptrsPerPmd * ENTRY_BYTES + ", or twice that with a shadow half");
        require(physicalAddressBits > pmdShift && physicalAddressBits <= 60, "physicalAddressBits",
                physicalAddressBits, "more than pmdShift and at most 60");
        int tableBits = pgdirShift + Integer.numberOfTrailingZeros(ptrsPerPgd);
        require(userAddressBits > pmdShift && userAddressBits <= tableBits, "userAddressBits", userAddressBits,
                "more than pmdShift and at most the " + tableBits + " bits the tables span");
    }

    /** PAGE_SIZE in bytes. */
    public long pageSize() {
        return 1L << pageShift;
    }

    /** HPAGE_PMD_SIZE in bytes: what one huge PMD maps. */
    public long pmdSize() {
        return 1L << pmdShift;
    }

    /** HPAGE_PMD_MASK: clears the offset inside a PMD extent. */
    public long pmdMask() {
        return -pmdSize();
    }

    /** HPAGE_PMD_NR: base pages in one huge page. */
    public int hpagePmdNr() {
        return 1 << (pmdShift - pageShift);
    }

    /** HPAGE_PMD_ORDER: the buddy order of a huge page. */
    public int hpagePmdOrder() {
        return pmdShift - pageShift;
    }

    /** Whether each PMD table carries a second half of deposit slots (ppc64 hash). */
    public boolean pmdShadowHalf() {
        return pmdTableBytes == 2 * ptrsPerPmd * ENTRY_BYTES;
    }

    /** The largest page frame number a leaf entry can hold. */
    public long maxPfn() {
        return (1L << (physicalAddressBits - pageShift)) - 1;
    }

    /** TASK_SIZE: the end of the user address space. */
    public long taskSize() {
        return 1L << userAddressBits;
    }

    /** pte_index(): the slot of {@code address} in its PTE table. */
    public int pteIndex(long address) {
        return (int) ((address >>> pageShift) & (ptrsPerPte - 1));
    }

    /** pmd_index(): the slot of {@code address} in its PMD table. */
    public int pmdIndex(long address) {
        return (int) ((address >>> pmdShift) & (ptrsPerPmd - 1));
    }

    /** pud_index(). */
    public int pudIndex(long address) {
        return (int) ((address >>> pudShift) & (ptrsPerPud - 1));
    }

    /** pgd_index(). */
    public int pgdIndex(long address) {
        return (int) ((address >>> pgdirShift) & (ptrsPerPgd - 1));
    }

    /**
     * Checks that {@code pfn} fits a leaf entry.
     *
     * @param arch the architecture name, for the message
     * @throws IllegalArgumentException naming the valid range when it does not
     */
    public long checkPfn(String arch, long pfn) {
        if (pfn < 0 || pfn > maxPfn()) {
            throw new IllegalArgumentException(String.format(
                    "%s: pfn %#x out of range: expected 0 to %#x (%d-bit physical addresses)",
                    arch, pfn, maxPfn(), physicalAddressBits));
        }
        return pfn;
    }

    private static void require(boolean ok, String what, long value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("geometry: " + what + " = " + value + ", expected " + expected);
        }
    }

    private static void requirePowerOfTwo(String what, int value) {
        require(value > 1 && Integer.bitCount(value) == 1, what, value, "a power of two above 1");
    }

    private static void requireShift(String what, int shift, int lowerShift, int lowerEntries) {
        int expected = lowerShift + Integer.numberOfTrailingZeros(lowerEntries);
        require(shift == expected, what, shift, String.valueOf(expected) + " (the level below plus log2 of its entries)");
    }
}
