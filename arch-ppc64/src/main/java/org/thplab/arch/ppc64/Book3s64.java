package org.thplab.arch.ppc64;

import static org.thplab.arch.ppc64.Book3sBits.*;

import org.thplab.api.arch.ArchEvent;
import org.thplab.api.arch.ArchRules;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.VmFlags;

/**
 * What the hash and radix MMUs of book3s64 share in Linux 4.8: the PTE layout, one PMD
 * lock per mm ({@code mm->page_table_lock}, no split PMD locks), split PTE locks per 64 KiB
 * page of 16 table fragments, and the slot operations built on pmd_hugepage_update().
 */
abstract class Book3s64 implements Architecture {
    private final String name;
    private final Geometry geometry;
    private final Book3sPteCodec pte;
    private final Book3sPmdCodec pmd;

    Book3s64(String name, Geometry geometry, long pteNoneIgnored, long pteSameIgnored, long hugeBits,
             long tablePointerBits) {
        this.name = name;
        this.geometry = geometry;
        this.pte = new Book3sPteCodec(name, geometry, pteNoneIgnored, pteSameIgnored);
        this.pmd = new Book3sPmdCodec(name, geometry, pte, hugeBits, tablePointerBits);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Geometry geometry() {
        return geometry;
    }

    @Override
    public final PteCodec pte() {
        return pte;
    }

    @Override
    public final PmdCodec pmd() {
        return pmd;
    }

    @Override
    public final long vmGetPageProt(int vmFlags) {
        return PROTECTION_MAP[vmFlags & VmFlags.PROT_MASK];
    }

    @Override
    public final boolean splitPmdPtlocks() {
        return false;
    }

    @Override
    public final boolean splitPtePtlocks() {
        return true;
    }

    /**
     * pmd_hugepage_update(): atomically {@code new = (old & ~clr) | set} under the PMD lock;
     * returns the old value.
     */
    final long pmdHugepageUpdate(Mm mm, long addr, PmdTable table, long clr, long set) {
        ArchRules.requirePmdLock(this, "pmd_hugepage_update", mm, addr, table);
        int i = geometry.pmdIndex(addr);
        long old;
        do {
            old = table.get(i);
        } while (!table.compareAndSet(i, old, (old & ~clr) | set));
        if ((old & H_HASHPTE) != 0) {
            hpteDoHugepageFlush(mm, addr, table);
        }
        return old;
    }

    /** hpte_do_hugepage_flush(): hash entries recorded for the slot are invalidated; radix has none. */
    void hpteDoHugepageFlush(Mm mm, long addr, PmdTable table) {
        // no hash table on radix
    }

    /**
     * set_pmd_at(): installs a huge PMD in a slot that holds no live one, under the PMD lock.
     *
     * @throws org.thplab.api.arch.ArchitectureContractException if the lock is not held, the
     *         value is not huge, or a live entry would be overwritten
     */
    @Override
    public void setPmdAt(Mm mm, long addr, PmdTable table, long value) {
        ArchRules.requirePmdLock(this, "set_pmd_at", mm, addr, table);
        int i = geometry.pmdIndex(addr);
        long old = table.get(i);
        if (pte.present(old) && !pte.protnone(old)) {
            throw ArchRules.violation(this, "set_pmd_at", addr, String.format(
                    "the slot still holds the live entry %#x; expected it cleared first", old));
        }
        if (!pmd.transHuge(value)) {
            throw ArchRules.violation(this, "set_pmd_at", addr, String.format(
                    "%#x is not a huge PMD; table pointers are installed by pmd_populate", value));
        }
        table.set(i, value);
    }

    @Override
    public long pmdpHugeGetAndClear(Mm mm, long addr, PmdTable table) {
        ArchRules.requireHuge(this, "pmdp_huge_get_and_clear", addr, table);
        long old = pmdHugepageUpdate(mm, addr, table, ~0L, 0L);
        serializeAgainstPteLookup(mm, addr);
        return old;
    }

    @Override
    public void pmdpSetWrprotect(Mm mm, long addr, PmdTable table) {
        if (pmd.write(table.get(geometry.pmdIndex(addr)))) {
            pmdHugepageUpdate(mm, addr, table, WRITE, 0L);
        }
    }

    /** pmdp_set_access_flags(): ORs in the access bits of {@code entry}, never clearing any, then flushes. */
    @Override
    public boolean pmdpSetAccessFlags(Mm mm, long addr, PmdTable table, long entry, boolean dirty) {
        int i = geometry.pmdIndex(addr);
        boolean changed = !pmd.same(table.get(i), entry);
        if (changed) {
            long old;
            do {
                old = table.get(i);
            } while (!table.compareAndSet(i, old, old | (entry & ACCESS_FLAGS)));
            long haddr = addr & geometry.pmdMask();
            flushPmdTlbRange(mm, haddr, haddr + geometry.pmdSize());
        }
        return changed;
    }

    /** pmdp_test_and_clear_young(): on hash, clearing also drops the hash entries, so the next access re-faults. */
    @Override
    public boolean pmdpTestAndClearYoung(Mm mm, long addr, PmdTable table) {
        if ((table.get(geometry.pmdIndex(addr)) & (ACCESSED | H_HASHPTE)) == 0) {
            return false;
        }
        return (pmdHugepageUpdate(mm, addr, table, ACCESSED, 0L) & ACCESSED) != 0;
    }

    @Override
    public void pmdpInvalidate(Mm mm, long addr, PmdTable table) {
        pmdHugepageUpdate(mm, addr, table, PRESENT, 0L);
        long haddr = addr & geometry.pmdMask();
        flushPmdTlbRange(mm, haddr, haddr + geometry.pmdSize());
        serializeAgainstPteLookup(mm, addr);
    }

    /** pmdp_collapse_flush(): also waits out lockless walkers that may still use the old PTE table. */
    @Override
    public long pmdpCollapseFlush(Mm mm, long haddr, PmdTable table) {
        ArchRules.requireAligned(this, "pmdp_collapse_flush", haddr);
        int i = geometry.pmdIndex(haddr);
        if (pmd.transHuge(table.get(i))) {
            throw ArchRules.violation(this, "pmdp_collapse_flush", haddr,
                    "the slot holds a huge PMD; expected a pointer to a PTE table");
        }
        long old = table.getAndSet(i, 0L);
        serializeAgainstPteLookup(mm, haddr);
        flushTlbRange(mm, haddr, haddr + geometry.pmdSize());
        return old;
    }

    /** kick_all_cpus_sync(): the IPI that lockless walkers (find_linux_pte) are waited out by. */
    final void serializeAgainstPteLookup(Mm mm, long addr) {
        long haddr = addr & geometry.pmdMask();
        mm.archEvent(ArchEvent.SERIALIZE_AGAINST_PTE_LOOKUP, haddr, haddr + geometry.pmdSize());
    }
}
