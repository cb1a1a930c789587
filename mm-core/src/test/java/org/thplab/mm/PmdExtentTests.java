package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import org.thplab.mm.PmdExtent.Kind;

/** {@link Process#extents}: the read-only walk a picture of an address space is drawn from. */
class PmdExtentTests {

    private static List<PmdExtent> extents(Process p, long addr, long len) {
        List<PmdExtent> out = new ArrayList<>();
        p.extents(addr, len, out::add);
        return out;
    }

    @OnEveryArchitecture
    void eachExtentIsSnapshotWithItsPageStateAndAgreesWithLayout(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 4 * k.pmd, PROT_READ | PROT_WRITE);
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base, true));
        assertTrue(MmInternals.faultHugeAnonymous(p, k.base + k.pmd, false));
        assertEquals(Access.OK, p.store(k.base + 2 * k.pmd + 3 * k.page, 1));
        assertEquals(Access.OK, p.store(k.base + 2 * k.pmd + 5 * k.page, 1));
        int nr = (int) (k.pmd / k.page);

        List<PmdExtent> e = extents(p, k.base, 4 * k.pmd);
        assertEquals(List.of(Kind.ANON_PMD, Kind.ZERO_PMD, Kind.PTES, Kind.NONE), e.stream().map(PmdExtent::kind).toList());
        StringBuilder chars = new StringBuilder();
        e.forEach(x -> chars.append(x.kind().layoutChar()));
        assertEquals(p.layout(k.base, 4 * k.pmd), chars.toString());

        PmdExtent thp = e.get(0);
        assertEquals(k.base, thp.start());
        assertEquals(k.base + k.pmd, thp.end());
        assertEquals(nr, thp.present());
        assertEquals(thp.firstPfn() + nr - 1, thp.lastPfn());
        assertEquals(1, thp.compoundMapcount(), "one PMD mapping");
        assertEquals(-1, thp.teamUsage());
        assertTrue(thp.vma().contains(Long.toHexString(k.base)), thp.vma());
        assertTrue(thp.deposited() >= 1, "a huge PMD keeps a deposited table: " + thp);

        PmdExtent ptes = e.get(2);
        assertEquals(2, ptes.present());
        assertEquals(1, ptes.minMapcount());
        assertEquals(1, ptes.maxMapcount());
        assertEquals(0, ptes.compoundMapcount());
        assertEquals(0, e.get(3).present());
        assertEquals(-1, e.get(3).firstPfn());

        Process child = p.fork();
        PmdExtent shared = extents(p, k.base, k.pmd).get(0);
        assertEquals(2, shared.compoundMapcount(), "fork shares the THP by a second PMD");
        assertEquals(thp.firstPfn(), shared.firstPfn());
        assertEquals(2, extents(child, k.base + 2 * k.pmd, k.pmd).get(0).maxMapcount());
        p.exit();
        child.exit();
        assertTrue(k.kernel.huge().zeroPage().shrink(), "the huge zero page was the only one left");
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void aRangeInsideOneExtentIsClippedToIt(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base + k.pmd - k.page, 1));
        List<PmdExtent> e = extents(p, k.base + k.page, k.pmd);
        assertEquals(2, e.size());
        assertEquals(k.base + k.page, e.get(0).start());
        assertEquals(k.base + k.pmd, e.get(0).end());
        assertEquals(1, e.get(0).present());
        assertEquals(k.base + k.pmd + k.page, e.get(1).end());
        assertEquals(Kind.NONE, e.get(1).kind());
        k.assertAllMemoryBack(null, p);
    }
}
