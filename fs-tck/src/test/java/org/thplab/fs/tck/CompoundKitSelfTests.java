package org.thplab.fs.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.thplab.api.fs.FilesystemType;

/**
 * The compound-page kit itself: a correct compound filesystem passes it, and broken ones fail
 * it. The kits below run through the JUnit engine here, not by the build.
 */
class CompoundKitSelfTests {

    @Test
    void aCorrectCompoundFilesystemPasses() {
        run(CorrectKit.class).assertStatistics(s -> s.failed(0).succeeded(6 * 3));
    }

    @Test
    void addingACompoundPageWithoutItsReferenceFails() {
        run(NoReferenceKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("anAlignedFaultMapsByPmd"), finishedWithFailure()));
    }

    /** (splitFolio unmaps by itself, so only the whole pages freed without an unmap show.) */
    @Test
    void freeingWhileMappedFails() {
        run(FreesWhileMappedKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("everyFrameComesBackAfterTruncateAndPunch"), finishedWithFailure()));
    }

    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    }

    abstract static class ToyKit extends CompoundPageConformance {
        private final ToyHugeRamfs.Mistake mistake;

        ToyKit(ToyHugeRamfs.Mistake mistake) {
            this.mistake = mistake;
        }

        @Override
        protected FilesystemType filesystemType() {
            return new ToyHugeRamfs(mistake);
        }

        @Override
        protected Map<String, String> mountOptions() {
            return Map.of();
        }
    }

    static class CorrectKit extends ToyKit {
        CorrectKit() {
            super(ToyHugeRamfs.Mistake.NONE);
        }
    }

    static class NoReferenceKit extends ToyKit {
        NoReferenceKit() {
            super(ToyHugeRamfs.Mistake.ADDS_WITHOUT_REFERENCE);
        }
    }

    static class FreesWhileMappedKit extends ToyKit {
        FreesWhileMappedKit() {
            super(ToyHugeRamfs.Mistake.FREES_WHILE_MAPPED);
        }
    }
}
