package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;
import static org.thplab.arch.tck.KitSamples.ALL_VM_FLAGS;
import static org.thplab.arch.tck.KitSamples.checkFlag;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PteCodec;

/**
 * The PTE codec: mk_pte/pte_pfn round trips under every protection over edge and seeded
 * random pfns, each flag set and cleared on its own, pte_modify keeping what it must, the
 * empty entry, and a clear error for a pfn out of range.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface PteCodecContract extends ArchitectureContract {

    @Test
    default void ptePfnRoundTripsUnderEveryProtection() {
        Architecture arch = architectureUnderTest();
        PteCodec pte = arch.pte();
        KitSamples.forEachPfn(arch.geometry(), 0x9fe1L, pfn -> {
            for (int flags : ALL_VM_FLAGS) {
                long v = pte.mk(pfn, arch.vmGetPageProt(flags));
                String what = String.format("mk(pfn %#x, flags %#x) = %#x", pfn, flags, v);
                assertEquals(pfn, pte.pfn(v), () -> what + ": pfn");
                assertFalse(pte.none(v), () -> what + ": none");
                assertTrue(pte.present(v), () -> what + ": present");
                assertFalse(pte.special(v), () -> what + ": special");
                assertTrue(pte.same(v, v), () -> what + ": same as itself");
            }
        });
    }

    @Test
    default void pteFlagsSetAndClearIndependently() {
        Architecture arch = architectureUnderTest();
        PteCodec pte = arch.pte();
        KitSamples.forEachPfn(arch.geometry(), 0xf1a65L, pfn -> {
            for (int flags : ALL_VM_FLAGS) {
                long v = pte.mk(pfn, arch.vmGetPageProt(flags));
                checkFlag("pte young", v, pte::young, pte::mkyoung, pte::mkold, pte::pfn);
                checkFlag("pte dirty", v, pte::dirty, pte::mkdirty, pte::mkclean, pte::pfn);
                checkFlag("pte write", v, pte::write, pte::mkwrite, pte::wrprotect, pte::pfn);
                long special = pte.mkspecial(v);
                assertTrue(pte.special(special), "mkspecial");
                assertEquals(pfn, pte.pfn(special), "mkspecial keeps the pfn");
            }
        });
    }

    @Test
    default void pteModifyKeepsPfnYoungDirtySpecial() {
        Architecture arch = architectureUnderTest();
        PteCodec pte = arch.pte();
        long rw = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        long ro = arch.vmGetPageProt(VM_SHARED | VM_READ);
        long none = arch.vmGetPageProt(VM_SHARED);
        long v = pte.mkspecial(pte.mkdirty(pte.mkyoung(pte.mk(77, ro))));
        long w = pte.modify(v, rw);
        assertTrue(pte.write(w), "modify to rw: write");
        assertEquals(77, pte.pfn(w), "modify keeps the pfn");
        assertTrue(pte.young(w) && pte.dirty(w) && pte.special(w), "modify keeps young, dirty, special");
        long n = pte.modify(w, none);
        assertTrue(pte.protnone(n) && !pte.write(n), "modify to none: protnone, not writable");
        assertEquals(77, pte.pfn(n));
        assertFalse(pte.protnone(pte.modify(n, ro)), "modify back from none");
    }

    @Test
    default void emptyPteIsNone() {
        PteCodec pte = architectureUnderTest().pte();
        assertTrue(pte.none(0), "pte_none(0)");
        assertFalse(pte.present(0), "pte_present(0)");
    }

    @Test
    default void outOfRangePfnsAreRejectedClearly() {
        Architecture arch = architectureUnderTest();
        Geometry g = arch.geometry();
        long prot = arch.vmGetPageProt(VM_READ);
        for (long bad : new long[] {-1, g.maxPfn() + 1, Long.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arch.pte().mk(bad, prot),
                    () -> "pte mk of pfn " + bad);
            assertTrue(e.getMessage().contains("pfn") && e.getMessage().contains("expected"),
                    () -> "message should name the pfn and what was expected: " + e.getMessage());
        }
    }
}
