package org.thplab.arch.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.thplab.api.arch.Architecture;

/**
 * The kit itself: a correct architecture passes it, and each deliberately broken one fails
 * it in the test that names the broken rule. The kits below are run through the JUnit
 * engine here, not by the build (nested classes are not picked up by Surefire).
 */
class ConformanceKitSelfTests {

    @Test
    void aCorrectArchitecturePasses() {
        run(CorrectKit.class).assertStatistics(s -> s.failed(0).succeeded(countTests()));
    }

    @Test
    void losingTheDirtyFlagFails() {
        Events events = run(LosesDirtyKit.class);
        events.assertThatEvents().haveAtLeastOne(event(test("pteFlagsSetAndClearIndependently"), finishedWithFailure()));
    }

    @Test
    void withdrawingWithoutUnlinkingFails() {
        Events events = run(WithdrawsWithoutUnlinkingKit.class);
        events.assertThatEvents()
                .haveAtLeastOne(event(test("everyDepositedTableComesBackOnceAndEmpty"), finishedWithFailure()))
                .haveAtLeastOne(event(test("withdrawWithNothingDepositedIsAContractViolation"), finishedWithFailure()));
    }

    @Test
    void withdrawingAStrangerFails() {
        run(WithdrawsAStrangerKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("everyDepositedTableComesBackOnceAndEmpty"), finishedWithFailure()));
    }

    @Test
    void anInvalidatedPmdThatStopsLookingHugeFails() {
        run(InvalidateLosesHugeKit.class).assertThatEvents()
                .haveAtLeastOne(event(test("invalidatedHugePmdStaysPresentAndHuge"), finishedWithFailure()))
                .haveAtLeastOne(event(test("anonymousSplitOrderPreparesWithdrawsInvalidatesPopulates"),
                        finishedWithFailure()));
    }

    private static Events run(Class<?> kit) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(kit)).execute().testEvents();
    }

    private static long countTests() {
        return java.util.Arrays.stream(ArchitectureConformanceKit.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).count();
    }

    static class CorrectKit extends ArchitectureConformanceKit {
        @Override
        protected Architecture architecture() {
            return new ToyArchitecture();
        }
    }

    static class LosesDirtyKit extends ArchitectureConformanceKit {
        @Override
        protected Architecture architecture() {
            return new ToyArchitecture(ToyArchitecture.Fault.LOSES_DIRTY);
        }
    }

    static class WithdrawsWithoutUnlinkingKit extends ArchitectureConformanceKit {
        @Override
        protected Architecture architecture() {
            return new ToyArchitecture(ToyArchitecture.Fault.WITHDRAWS_WITHOUT_UNLINKING);
        }
    }

    static class WithdrawsAStrangerKit extends ArchitectureConformanceKit {
        @Override
        protected Architecture architecture() {
            return new ToyArchitecture(ToyArchitecture.Fault.WITHDRAWS_A_STRANGER);
        }
    }

    static class InvalidateLosesHugeKit extends ArchitectureConformanceKit {
        @Override
        protected Architecture architecture() {
            return new ToyArchitecture(ToyArchitecture.Fault.INVALIDATE_LOSES_HUGE);
        }
    }
}
