package org.thplab.arch.x86_64;

import static org.thplab.arch.x86_64.X86Bits.*;

import aQute.bnd.annotation.spi.ServiceProvider;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.Mm;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.VmFlags;

/**
 * x86_64 with 4-level paging as Linux 4.8 had it: 4 KiB pages, 2 MiB huge PMDs, 46-bit
 * physical addresses, split PTE and PMD locks, and the generic deposit of
 * mm/pgtable-generic.c (one pool of tables per PMD table page).
 */
@ServiceProvider(value = Architecture.class, attribute = "arch.name=x86_64")
public final class X86_64 implements Architecture {

    /** The name users choose at launch. */
    public static final String NAME = "x86_64";

    private static final Geometry GEOMETRY = new Geometry(12, 21, 30, 39, 512, 512, 512, 512,
            4096, 1, 4096, PHYSICAL_MASK_SHIFT, 47);

    /** protection_map[], indexed by VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. */
    private static final long[] PROTECTION_MAP = {
        PAGE_NONE, PAGE_COPY, PAGE_COPY, PAGE_COPY,                                 // __P000..__P011
        PAGE_COPY & ~NX, PAGE_COPY & ~NX, PAGE_COPY & ~NX, PAGE_COPY & ~NX,         // __P100..__P111
        PAGE_NONE, PAGE_COPY, PAGE_SHARED, PAGE_SHARED,                             // __S000..__S011
        PAGE_COPY & ~NX, PAGE_COPY & ~NX, PAGE_SHARED & ~NX, PAGE_SHARED & ~NX,     // __S100..__S111
    };

    private final X86PteCodec pte = new X86PteCodec(NAME, GEOMETRY);
    private final PmdCodec pmd = new X86PmdCodec(NAME, GEOMETRY, pte);

    /** The ServiceLoader constructor. */
    public X86_64() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "x86_64, 4-level paging: 4 KiB pages, 2 MiB huge PMDs, split PTE and PMD locks (Linux 4.8)";
    }

    @Override
    public Geometry geometry() {
        return GEOMETRY;
    }

    @Override
    public PteCodec pte() {
        return pte;
    }

    @Override
    public PmdCodec pmd() {
        return pmd;
    }

    @Override
    public long vmGetPageProt(int vmFlags) {
        return PROTECTION_MAP[vmFlags & VmFlags.PROT_MASK];
    }

    @Override
    public boolean splitPmdPtlocks() {
        return true;
    }

    @Override
    public boolean splitPtePtlocks() {
        return true;
    }

    /**
     * pmdp_set_access_flags() (arch/x86/mm/pgtable.c): stores the entry only when it changed
     * and is dirty, and flushes nothing: a spurious fault flushes the stale entry itself.
     */
    @Override
    public boolean pmdpSetAccessFlags(Mm mm, long addr, PmdTable table, long entry, boolean dirty) {
        int i = GEOMETRY.pmdIndex(addr);
        boolean changed = !pmd.same(table.get(i), entry);
        if (changed && dirty) {
            table.set(i, entry);
        }
        return changed;
    }
}
