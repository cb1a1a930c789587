package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;
import static org.thplab.arch.tck.KitSamples.ALL_VM_FLAGS;
import static org.thplab.arch.tck.KitSamples.checkFlag;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PteCodec;

/**
 * The PMD codec and its huge encodings: huge leaves round trip and carry the flags a PTE
 * of the same protection would, pmd_mknotpresent leaves a PMD present and huge (split
 * relies on it), pmd_modify keeps what it must, table pointers never look huge, and bad
 * huge PMDs or table addresses are refused clearly.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface PmdCodecContract extends ArchitectureContract {

    @Test
    default void hugePmdRoundTripsAndKeepsItsFlags() {
        Architecture arch = architectureUnderTest();
        PteCodec pte = arch.pte();
        PmdCodec pmd = arch.pmd();
        KitSamples.forEachHugePfn(arch.geometry(), 0x4a6eL, pfn -> {
            for (int flags : ALL_VM_FLAGS) {
                long v = pmd.mkHuge(pfn, arch.vmGetPageProt(flags));
                String what = String.format("mkHuge(pfn %#x, flags %#x) = %#x", pfn, flags, v);
                assertTrue(pmd.transHuge(v), () -> what + ": trans_huge");
                assertTrue(pmd.present(v), () -> what + ": present");
                assertFalse(pmd.none(v), () -> what + ": none");
                assertEquals(pfn, pmd.pfn(v), () -> what + ": pfn");
                long leaf = pte.mk(pfn, arch.vmGetPageProt(flags));
                assertEquals(pte.young(leaf), pmd.young(v), () -> what + ": young as a PTE of that protection");
                assertEquals(pte.dirty(leaf), pmd.dirty(v), () -> what + ": dirty as a PTE of that protection");
                assertEquals(pte.write(leaf), pmd.write(v), () -> what + ": write as a PTE of that protection");
                assertEquals(pte.protnone(leaf), pmd.protnone(v),
                        () -> what + ": protnone as a PTE of that protection");
                checkFlag("pmd young", v, pmd::young, pmd::mkyoung, pmd::mkold, pmd::pfn);
                checkFlag("pmd dirty", v, pmd::dirty, pmd::mkdirty, pmd::mkclean, pmd::pfn);
                checkFlag("pmd write", v, pmd::write, pmd::mkwrite, pmd::wrprotect, pmd::pfn);
                assertTrue(pmd.transHuge(pmd.mkdirty(pmd.mkold(pmd.wrprotect(v)))), () -> what + ": modifiers keep huge");
                assertTrue(pmd.transHuge(pmd.mksoftDirty(v)), () -> what + ": soft dirty keeps huge");
            }
        });
    }

    @Test
    default void invalidatedHugePmdStaysPresentAndHuge() {
        Architecture arch = architectureUnderTest();
        PmdCodec pmd = arch.pmd();
        long v = pmd.mkdirty(pmd.mkHuge(arch.geometry().hpagePmdNr() * 3L,
                arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE)));
        long inv = pmd.mknotpresent(v);
        assertTrue(pmd.present(inv), "pmd_present after mknotpresent (split relies on it)");
        assertTrue(pmd.transHuge(inv), "pmd_trans_huge after mknotpresent");
        assertFalse(pmd.same(v, inv), "mknotpresent must change the entry");
        assertEquals(pmd.pfn(v), pmd.pfn(inv));
        assertTrue(pmd.dirty(inv), "mknotpresent keeps dirty");
    }

    @Test
    default void pmdModifyKeepsPfnYoungDirtyAndHuge() {
        Architecture arch = architectureUnderTest();
        PmdCodec pmd = arch.pmd();
        long pfn = arch.geometry().hpagePmdNr() * 9L;
        long rw = arch.vmGetPageProt(VM_SHARED | VM_READ | VM_WRITE);
        long ro = arch.vmGetPageProt(VM_READ);
        long v = pmd.mkdirty(pmd.mkyoung(pmd.mkHuge(pfn, ro)));
        long w = pmd.modify(v, rw);
        assertTrue(pmd.write(w) && pmd.transHuge(w) && pmd.young(w) && pmd.dirty(w), "modify to rw");
        assertEquals(pfn, pmd.pfn(w));
        long n = pmd.modify(w, arch.vmGetPageProt(0));
        assertTrue(pmd.protnone(n) && pmd.transHuge(n) && pmd.present(n) && !pmd.write(n), "modify to none");
        assertFalse(pmd.protnone(pmd.modify(n, ro)), "modify back from none");
    }

    @Test
    default void tablePointersAreNotHuge() {
        Architecture arch = architectureUnderTest();
        PmdCodec pmd = arch.pmd();
        for (long i : new long[] {1, 2, 3, 1000, 123457}) {
            long addr = i * arch.geometry().pteTableBytes();
            long v = pmd.mkTable(addr);
            String what = String.format("mkTable(%#x) = %#x", addr, v);
            assertFalse(pmd.transHuge(v), what + ": trans_huge");
            assertTrue(pmd.present(v), what + ": present");
            assertFalse(pmd.none(v), what + ": none");
            assertEquals(addr, pmd.tableAddress(v), what + ": table address");
        }
    }

    @Test
    default void mkhugeTurnsALeafIntoAHugePmd() {
        Architecture arch = architectureUnderTest();
        long leaf = arch.pte().mk(arch.geometry().hpagePmdNr() * 2L, arch.vmGetPageProt(VM_READ));
        assertTrue(arch.pmd().transHuge(arch.pmd().mkhuge(leaf)));
    }

    @Test
    default void emptyPmdIsNone() {
        PmdCodec pmd = architectureUnderTest().pmd();
        assertTrue(pmd.none(0), "pmd_none(0)");
        assertFalse(pmd.present(0), "pmd_present(0)");
        assertFalse(pmd.transHuge(0), "pmd_trans_huge(0)");
    }

    @Test
    default void badHugePmdsAndTablePointersAreRejectedClearly() {
        Architecture arch = architectureUnderTest();
        Geometry g = arch.geometry();
        PmdCodec pmd = arch.pmd();
        long prot = arch.vmGetPageProt(VM_READ);
        for (long bad : new long[] {-1, g.maxPfn() + 1, Long.MAX_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> pmd.mkHuge(bad & -g.hpagePmdNr(), prot),
                    () -> "pmd mkHuge of pfn " + (bad & -g.hpagePmdNr()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pmd.mkHuge(1, prot),
                "a huge PMD of an unaligned pfn");
        assertTrue(e.getMessage().contains(String.valueOf(g.hpagePmdNr())), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> pmd.mkTable(g.pteTableBytes() + 8L),
                "a table pointer to a misaligned address");
    }
}
