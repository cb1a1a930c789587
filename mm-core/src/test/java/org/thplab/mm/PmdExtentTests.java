package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import org.thplab.mm.PmdExtent.Kind;

/** {@link Process#extents}: the read-only walk a picture of an address space is drawn from. */
class PmdExtentTests extends KernelTestBase {

    private static List<PmdExtent> extents(Process p, long addr, long len) {
        List<PmdExtent> out = new ArrayList<>();
        p.extents(addr, len, out::add);
        return out;
    }

    @OnEveryArchitecture
    void eachExtentIsSnapshotWithItsPageStateAndAgreesWithLayout(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 4 * pmd, PROT_READ | PROT_WRITE);
        assertTrue(MmInternals.faultHugeAnonymous(p, base, true));
        assertTrue(MmInternals.faultHugeAnonymous(p, base + pmd, false));
        assertEquals(Access.OK, p.store(base + 2 * pmd + 3 * page, 1));
        assertEquals(Access.OK, p.store(base + 2 * pmd + 5 * page, 1));
        int nr = (int) (pmd / page);

        List<PmdExtent> e = extents(p, base, 4 * pmd);
        assertEquals(List.of(Kind.ANON_PMD, Kind.ZERO_PMD, Kind.PTES, Kind.NONE), e.stream().map(PmdExtent::kind).toList());
        StringBuilder chars = new StringBuilder();
        e.forEach(x -> chars.append(x.kind().layoutChar()));
        assertEquals(p.layout(base, 4 * pmd), chars.toString());

        PmdExtent thp = e.get(0);
        assertEquals(base, thp.start());
        assertEquals(base + pmd, thp.end());
        assertEquals(nr, thp.present());
        assertEquals(thp.firstPfn() + nr - 1, thp.lastPfn());
        assertEquals(1, thp.compoundMapcount(), "one PMD mapping");
        assertEquals(-1, thp.teamUsage());
        assertTrue(thp.vma().contains(Long.toHexString(base)), thp.vma());
        assertTrue(thp.deposited() >= 1, "a huge PMD keeps a deposited table: " + thp);

        PmdExtent ptes = e.get(2);
        assertEquals(2, ptes.present());
        assertEquals(1, ptes.minMapcount());
        assertEquals(1, ptes.maxMapcount());
        assertEquals(0, ptes.compoundMapcount());
        assertEquals(0, e.get(3).present());
        assertEquals(-1, e.get(3).firstPfn());

        Process child = p.fork();
        PmdExtent shared = extents(p, base, pmd).get(0);
        assertEquals(2, shared.compoundMapcount(), "fork shares the THP by a second PMD");
        assertEquals(thp.firstPfn(), shared.firstPfn());
        assertEquals(2, extents(child, base + 2 * pmd, pmd).get(0).maxMapcount());
        p.exit();
        child.exit();
        assertTrue(kernel.huge().zeroPage().shrink(), "the huge zero page was the only one left");
        assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void aRangeInsideOneExtentIsClippedToIt(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 2 * pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(base + pmd - page, 1));
        List<PmdExtent> e = extents(p, base + page, pmd);
        assertEquals(2, e.size());
        assertEquals(base + page, e.get(0).start());
        assertEquals(base + pmd, e.get(0).end());
        assertEquals(1, e.get(0).present());
        assertEquals(base + pmd + page, e.get(1).end());
        assertEquals(Kind.NONE, e.get(1).kind());
        assertAllMemoryBack(null, p);
    }
}
