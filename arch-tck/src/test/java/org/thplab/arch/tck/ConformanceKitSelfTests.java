package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.thplab.arch.tck.ToyArchitecture.Fault;

/**
 * The kit itself: a correct toy architecture passes each contract on its own and the whole
 * kit (but for the provider declarations a toy has not got), each contract catches at least
 * one deliberately broken toy in the test that names the broken rule, the whole kit catches
 * it too, and the kit composes every contract of its package.
 */
class ConformanceKitSelfTests {

    static Stream<Class<? extends ToyKits.ContractKit>> behaviourKits() {
        return Stream.of(ToyKits.Geometry.class, ToyKits.PteCodec.class, ToyKits.PmdCodec.class,
                ToyKits.ProtectionMap.class, ToyKits.Locks.class, ToyKits.DepositWithdraw.class,
                ToyKits.HugePmdOrder.class, ToyKits.HugePmdUpdate.class, ToyKits.MmuHooks.class);
    }

    @ParameterizedTest
    @MethodSource("behaviourKits")
    void theCorrectToyPassesEachBehaviouralContractOnItsOwn(Class<? extends ToyKits.ContractKit> kit) {
        long tests = testsOf(contractOf(kit));
        assertTrue(tests > 0, () -> kit + " runs no test");
        run(selectClass(kit), "").assertStatistics(s -> s.started(tests).failed(0).succeeded(tests));
    }

    @ParameterizedTest(name = "{0} with {1} fails {2}")
    @CsvSource({
        "Geometry,        NAME_IN_CAPITALS,            nameAndDescriptionAreUsable,                              lower-case key",
        "PteCodec,        LOSES_DIRTY,                 pteFlagsSetAndClearIndependently,                         pte dirty",
        "PmdCodec,        LOSES_DIRTY,                 hugePmdRoundTripsAndKeepsItsFlags,                        pmd dirty",
        "PmdCodec,        INVALIDATE_LOSES_HUGE,       invalidatedHugePmdStaysPresentAndHuge,                    after mknotpresent",
        "ProtectionMap,   PRIVATE_WRITES_WRITABLE,     protectionMapGivesCopyOnWriteAndProtNone,                 copy-on-write",
        "Locks,           ONE_PMD_LOCK_THOUGH_SPLIT,   lockChoiceFollowsSplitFlags,                              split PMD locks differ",
        "DepositWithdraw, WITHDRAWS_WITHOUT_UNLINKING, everyDepositedTableComesBackOnceAndEmpty,                 the same table twice",
        "DepositWithdraw, WITHDRAWS_WITHOUT_UNLINKING, withdrawWithNothingDepositedIsAContractViolation,         to be thrown",
        "DepositWithdraw, WITHDRAWS_WITHOUT_UNLINKING, randomDepositAndWithdrawSequencesKeepEveryTable,          failed with seed",
        "DepositWithdraw, WITHDRAWS_A_STRANGER,        everyDepositedTableComesBackOnceAndEmpty,                 never deposited",
        "HugePmdOrder,    INVALIDATE_LOSES_HUGE,       anonymousSplitOrderPreparesWithdrawsInvalidatesPopulates, stays present and huge",
        "HugePmdOrder,    CLEAR_FLUSH_SKIPS_FLUSH,     clearFlushFlushesTheHugeRange,                            clear_flush should flush",
        "HugePmdUpdate,   YOUNG_NEVER_CLEARS,          wrprotectYoungAndAccessFlagsChangeOnlyTheirBits,          young cleared",
        "MmuHooks,        SILENT_MMU_CACHE_PMD,        mmuCacheHooksAreObservable,                               UPDATE_MMU_CACHE_PMD",
        // The toy is not a packaged plugin: no module-info, services file or manifest declares it.
        "ServiceDeclaration, ,                         architectureIsDeclaredAlikeForJpmsAndOsgi,                no module-info",
    })
    void eachContractCatchesABrokenToy(String kit, Fault fault, String test, String why) throws ClassNotFoundException {
        String faults = fault == null ? "" : fault.name();
        Class<?> contractKit = Class.forName(ToyKits.class.getName() + "$" + kit);
        run(selectClass(contractKit), faults).assertThatEvents()
                .haveAtLeastOne(event(test(test), finishedWithFailure(message(m -> m.contains(why)))));
        run(selectMethod(ToyKits.WholeKit.class, test), faults).assertThatEvents()
                .haveExactly(1, event(test(test), finishedWithFailure(message(m -> m.contains(why)))));
    }

    @Test
    void theWholeKitRunsEveryContract() {
        long total = contracts().stream().mapToLong(ConformanceKitSelfTests::testsOf).sum();
        Events events = run(selectClass(ToyKits.WholeKit.class), "");
        events.assertStatistics(s -> s.started(total).succeeded(total - 1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("architectureIsDeclaredAlikeForJpmsAndOsgi"),
                finishedWithFailure()));
    }

    @Test
    void theWholeKitComposesEveryContractOfThePackage() {
        Set<Class<?>> contracts = contracts();
        assertTrue(contracts.size() >= 10, () -> "contracts found: " + contracts);
        assertEquals(contracts, Set.of(ArchitectureConformanceKit.class.getInterfaces()),
                "ArchitectureConformanceKit should implement every contract of its package");
    }

    private static Events run(DiscoverySelector selector, String faults) {
        return EngineTestKit.engine("junit-jupiter").selectors(selector).configurationParameter(ToyFaults.KEY, faults)
                .execute().testEvents();
    }

    /** The one contract a per-contract kit adds to {@link ToyKits.ContractKit}. */
    private static Class<?> contractOf(Class<?> kit) {
        Class<?>[] own = kit.getInterfaces();
        assertEquals(1, own.length, () -> kit + " should implement one contract: " + Arrays.toString(own));
        return own[0];
    }

    private static long testsOf(Class<?> contract) {
        return Arrays.stream(contract.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
    }

    /** Every interface of the kit's package that extends {@link ArchitectureContract}, found in its classes. */
    private static Set<Class<?>> contracts() {
        Path dir = classesOf(ArchitectureContract.class).resolve(ArchitectureContract.class.getPackageName()
                .replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> load(ArchitectureContract.class.getPackageName() + "." + n.replace(".class", "")))
                    .filter(c -> c.isInterface() && ArchitectureContract.class.isAssignableFrom(c)
                            && c != ArchitectureContract.class)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    private static Path classesOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ArchitectureContract.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
