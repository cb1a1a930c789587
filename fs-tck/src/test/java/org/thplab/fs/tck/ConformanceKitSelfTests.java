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
 * The kit itself: a correct filesystem passes it, and each deliberately broken one fails it
 * in the test that names the broken rule. The kits below run through the JUnit engine here,
 * not by the build (Surefire skips nested classes).
 */
class ConformanceKitSelfTests {

    @Test
    void aCorrectFilesystemPasses() {
        run(CorrectKit.class).assertStatistics(s -> s.failed(0).succeeded(8 * 3));
    }

    @Test
    void aTruncateThatDoesNotUnmapFails() {
        run(NoUnmapKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("truncateUnmapsEveryMappingOfWhatItRemoves"), finishedWithFailure()));
    }

    @Test
    void aFaultThatHandsOverNoReferenceFails() {
        run(NoReferenceKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("sharedMappingsSeeEachOthersWritesAndEveryFrameComesBack"),
                        finishedWithFailure()));
    }

    @Test
    void answeringAnotherFilesPageFails() {
        run(OtherFilesPageKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("everyAnswerIsTheFilesOwnPage"), finishedWithFailure()));
    }

    @Test
    void acceptingAnyOptionFails() {
        run(AnyOptionKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("badMountOptionsAreRefusedByName"), finishedWithFailure()));
    }

    @Test
    void declaringAnOptionMountRefusesFails() {
        run(DeclaresWhatItRefusesKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("declaredOptionsAgreeWithWhatMountAccepts"), finishedWithFailure()));
    }

    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    }

    abstract static class ToyKit extends FilesystemConformanceKit {
        private final ToyRamfs.Mistake mistake;

        ToyKit(ToyRamfs.Mistake mistake) {
            this.mistake = mistake;
        }

        @Override
        protected FilesystemType filesystemType() {
            return new ToyRamfs(mistake);
        }

        @Override
        protected Map<String, String> badOptions() {
            return Map.of("huge", "always");
        }
    }

    static class CorrectKit extends ToyKit {
        CorrectKit() {
            super(ToyRamfs.Mistake.NONE);
        }
    }

    static class NoUnmapKit extends ToyKit {
        NoUnmapKit() {
            super(ToyRamfs.Mistake.TRUNCATE_WITHOUT_UNMAP);
        }
    }

    static class NoReferenceKit extends ToyKit {
        NoReferenceKit() {
            super(ToyRamfs.Mistake.FAULT_WITHOUT_REFERENCE);
        }
    }

    static class OtherFilesPageKit extends ToyKit {
        OtherFilesPageKit() {
            super(ToyRamfs.Mistake.ANSWERS_ANOTHER_FILES_PAGE);
        }
    }

    static class AnyOptionKit extends ToyKit {
        AnyOptionKit() {
            super(ToyRamfs.Mistake.ACCEPTS_ANY_OPTION);
        }
    }

    static class DeclaresWhatItRefusesKit extends ToyKit {
        DeclaresWhatItRefusesKit() {
            super(ToyRamfs.Mistake.DECLARES_WHAT_IT_REFUSES);
        }
    }
}
