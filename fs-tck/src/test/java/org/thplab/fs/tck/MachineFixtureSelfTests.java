package org.thplab.fs.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * The fixture behind {@link OnEveryArchitecture}: a test runs once per architecture, and the
 * after-test check fails a test that said every frame was back and then held on to some.
 * The tests below run through the JUnit engine here, not by the build (Surefire skips nested
 * classes).
 */
class MachineFixtureSelfTests {

    @Test
    void eachArchitectureRunsOnceAndTheAfterTestCheckCatchesWhatIsHeld() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Uses.class)).execute().testEvents();
        for (String arch : MachineFixture.ARCHITECTURES) {
            events.assertThatEvents()
                    .haveExactly(1, event(test("givesEverythingBack"), displayName(arch), finishedSuccessfully()))
                    .haveExactly(1, event(test("holdsAProcessAfterAllWasBack"), displayName(arch), finishedWithFailure()));
        }
        events.assertStatistics(s -> s.succeeded(3).failed(3));
    }

    static class Uses {
        /** Boots toyramfs and maps one PMD of a file into a process that writes it. */
        private static Process mapAndWrite(Kernel kernel, FileHandle f) {
            long pmd = kernel.architecture().geometry().pmdSize();
            f.truncate(pmd);
            Process p = kernel.spawn();
            p.mmapFile(8 * pmd, pmd, Process.PROT_READ | Process.PROT_WRITE, true, f, 0);
            assertEquals(Access.OK, p.store(8 * pmd, 1));
            return p;
        }

        @OnEveryArchitecture
        void givesEverythingBack(TestMachine machine) {
            Kernel kernel = machine.boot(64L << 20, List.of(new ToyRamfs(ToyRamfs.Mistake.NONE)), null);
            FileHandle f = kernel.mount("toyramfs", Map.of()).create("f");
            machine.release(List.of(f), mapAndWrite(kernel, f));
            machine.assertAllMemoryBack();
        }

        @OnEveryArchitecture
        void holdsAProcessAfterAllWasBack(TestMachine machine) {
            Kernel kernel = machine.boot(64L << 20, List.of(new ToyRamfs(ToyRamfs.Mistake.NONE)), null);
            machine.assertAllMemoryBack();
            mapAndWrite(kernel, kernel.mount("toyramfs", Map.of()).create("f"));
        }
    }
}
