package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;

/**
 * What the deferred-split shrinker asks the anonymous-memory policy on reclaim (its 6.12+
 * hooks), and that a policy failing in them is contained: the core's side of D22.
 */
class DeferredSplitHooksTests {

    private StandInThp policy;

    private Process boot(TestKernel k) {
        policy = spy(new StandInThp());
        policy.always = true;
        k.bootKernel(256L << 20, List.of(), policy);
        Process p = k.kernel.spawn();
        p.mmapAnonymous(k.base, 3 * k.pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base + k.page, 1));
        assertEquals(0, p.load(k.base + k.pmd).value());
        assertEquals(Access.OK, p.store(k.base + 2 * k.pmd, 2));
        k.kernel.check();
        assertEquals("HZH", p.layout(k.base, 3 * k.pmd));
        return p;
    }

    @OnEveryArchitecture
    void reclaimAsksAboutEachThpMappedByAPmdWithItsZeroFilledSubpages(TestKernel k) {
        Process p = boot(k);
        k.kernel.reclaim();
        k.kernel.check();
        verify(policy, times(2)).splitUnderused(k.g.hpagePmdNr() - 1); // not asked about the huge zero page
        verify(policy, never()).splitMapsZeroPage(); // nothing was split
        assertEquals("HZH", p.layout(k.base, 3 * k.pmd), "the default answers no: nothing changes");
        p.exit();
        assertTrue(k.kernel.huge().zeroPage().shrink());
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void aSplitAsksWhetherZeroFilledSubpagesGoToTheZeroPage(TestKernel k) {
        Process p = boot(k);
        p.munmap(k.base + k.pmd / 2, k.pmd / 2);
        k.kernel.check();
        k.kernel.reclaim();
        k.kernel.check();
        verify(policy).splitMapsZeroPage();
        verify(policy).splitUnderused(anyInt()); // the third extent's THP only: a partly unmapped one is split anyway
        assertEquals(k.pmd / 2, p.smaps(k.base, k.pmd).rss(), "the default keeps every mapped subpage");
        p.exit();
        assertTrue(k.kernel.huge().zeroPage().shrink());
        k.assertAllMemoryBack(null);
    }

    @OnEveryArchitecture
    void aPolicyThatThrowsInTheHooksIsNamedAndAnswersNo(TestKernel k) {
        Process p = boot(k);
        doThrow(new IllegalStateException("underused exploded")).when(policy).splitUnderused(anyInt());
        doThrow(new IllegalStateException("zero page exploded")).when(policy).splitMapsZeroPage();
        p.munmap(k.base + k.pmd / 2, k.pmd / 2);
        k.kernel.reclaim();
        k.kernel.check();
        List<String> failures = k.kernel.takePluginFailures();
        assertEquals(2, failures.size(), failures.toString());
        assertTrue(failures.get(0).endsWith("splitUnderused threw java.lang.IllegalStateException: underused exploded"),
                failures.get(0));
        assertTrue(failures.get(1).endsWith("splitMapsZeroPage threw java.lang.IllegalStateException: zero page exploded"),
                failures.get(1));
        assertEquals("pZH", p.layout(k.base, 3 * k.pmd), "the queued THP was split all the same");
        assertEquals(k.pmd / 2, p.smaps(k.base, k.pmd).rss());
        p.exit();
        assertTrue(k.kernel.huge().zeroPage().shrink());
        k.assertAllMemoryBack(null);
    }
}
