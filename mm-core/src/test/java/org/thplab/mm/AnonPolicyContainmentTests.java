package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.List;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/** An anonymous-memory policy that throws or breaks its contract costs the access a SIGBUS, named, and nothing else. */
class AnonPolicyContainmentTests {

    /** What the hostile policy does on each huge fault. */
    enum Mischief { THROW, CLAIM_OK, FALL_BACK_UNSPLIT, MAP_ACROSS_THE_EDGE }

    private Mischief mischief;

    /** The stand-in, except where {@link #mischief} says otherwise. */
    private final class HostilePolicy extends StandInThp {
        HostilePolicy() {
            always = true;
        }

        @Override
        public List<String> knobs() {
            return List.of("enabled");
        }

        @Override
        public void set(String knob, String value) {
            throw new UnsupportedOperationException("hostile: knobs are read-only");
        }

        @Override
        public int hugeFault(HugeAnonFault f) {
            return switch (mischief) {
                case THROW -> throw new IllegalStateException("hostile: no huge pages today");
                case CLAIM_OK -> FaultReply.OK;
                case MAP_ACROSS_THE_EDGE -> f.mapNewHugePage();
                default -> super.hugeFault(f);
            };
        }

        @Override
        public int hugeWpFault(HugeAnonFault f) {
            return mischief == Mischief.FALL_BACK_UNSPLIT ? FaultReply.FALLBACK : super.hugeWpFault(f);
        }
    }

    private Process bootHostile(TestKernel k) {
        return k.bootKernel(64L << 20, List.of(), new HostilePolicy()).spawn();
    }

    private static String onlyFailure(TestKernel k) {
        List<String> failures = k.kernel.takePluginFailures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("plugin ") && failures.get(0).contains(HostilePolicy.class.getName()),
                failures.get(0));
        return failures.get(0);
    }

    @OnEveryArchitecture
    void aPolicyThatThrowsOrClaimsAMappingItDidNotMakeCostsTheAccessASigbus(TestKernel k) {
        Process p = bootHostile(k);
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        mischief = Mischief.THROW;
        assertEquals(Access.SIGBUS, p.store(k.base, 1));
        assertTrue(onlyFailure(k).endsWith("hugeFault threw java.lang.IllegalStateException: hostile: no huge pages today"));
        k.kernel.check();
        mischief = Mischief.CLAIM_OK;
        assertEquals(Access.SIGBUS, p.store(k.base + k.pmd, 1));
        assertTrue(onlyFailure(k).endsWith("hugeFault answered OK but applied no mechanism"));
        k.kernel.check();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.kernel.setThp("enabled", "never"));
        assertTrue(e.getMessage().contains("set enabled threw java.lang.UnsupportedOperationException"), e.getMessage());
        k.assertAllMemoryBack(null, p);
    }

    @OnEveryArchitecture
    void theCoreRefusesAHugePageAcrossTheMappingsEdgeAndAFallbackThatLeavesThePmd(TestKernel k) {
        Process p = bootHostile(k);
        p.mmapAnonymous(k.base + k.page, k.pmd, PROT_READ | PROT_WRITE);
        mischief = Mischief.MAP_ACROSS_THE_EDGE;
        assertEquals(Access.SIGBUS, p.store(k.base + k.page, 1));
        assertTrue(onlyFailure(k).contains("hugeFault threw java.lang.IllegalStateException: mapNewHugePage at"));
        assertEquals(0, p.smaps(k.base, 2 * k.pmd).rss(), "nothing mapped beyond the mapping");
        p.munmap(k.base + k.page, k.pmd);
        mischief = null;
        p.mmapAnonymous(k.base, k.pmd, PROT_READ | PROT_WRITE);
        mischief = Mischief.FALL_BACK_UNSPLIT;
        assertEquals(Access.OK, p.store(k.base, 1));
        Process child = p.fork();
        assertEquals(Access.SIGBUS, child.store(k.base, 2));
        assertTrue(onlyFailure(k).endsWith("hugeWpFault fell back without splitting the PMD"));
        assertEquals(1, child.load(k.base).value(), "the child's snapshot is intact");
        k.kernel.check();
        k.assertAllMemoryBack(null, child, p);
    }
}
