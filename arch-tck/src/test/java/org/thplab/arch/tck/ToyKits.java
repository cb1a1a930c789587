package org.thplab.arch.tck;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.thplab.api.arch.Architecture;
import org.thplab.arch.tck.ToyArchitecture.Fault;

/**
 * Test classes over the toy architecture, as an architecture's author would write them:
 * the whole kit, and each contract on its own. The self-tests run them through the JUnit
 * engine with the toy's faults as configuration; the build does not pick them up (nested
 * classes are not run by Surefire).
 */
final class ToyKits {

    private ToyKits() {
        // holder of the kit classes
    }

    /** The whole kit, as {@code extends ArchitectureConformanceKit} users write it. */
    @ExtendWith(ToyFaults.class)
    static class WholeKit extends ArchitectureConformanceKit implements ToyFaults.Configurable {
        private Set<Fault> faults = Set.of();

        @Override
        public void useFaults(Set<Fault> faults) {
            this.faults = faults;
        }

        @Override
        protected Architecture architecture() {
            return new ToyArchitecture(faults);
        }
    }

    /** The base of a kit of chosen contracts: implements {@link ArchitectureContract} directly. */
    @ExtendWith(ToyFaults.class)
    abstract static class ContractKit implements ArchitectureContract, ToyFaults.Configurable {
        private Set<Fault> faults = Set.of();

        @Override
        public void useFaults(Set<Fault> faults) {
            this.faults = faults;
        }

        @Override
        public Architecture architectureUnderTest() {
            return new ToyArchitecture(faults);
        }
    }

    static class Geometry extends ContractKit implements GeometryContract {
    }

    static class PteCodec extends ContractKit implements PteCodecContract {
    }

    static class PmdCodec extends ContractKit implements PmdCodecContract {
    }

    static class ProtectionMap extends ContractKit implements ProtectionMapContract {
    }

    static class Locks extends ContractKit implements LockContract {
    }

    static class DepositWithdraw extends ContractKit implements DepositWithdrawContract {
    }

    static class HugePmdOrder extends ContractKit implements HugePmdOrderContract {
    }

    static class HugePmdUpdate extends ContractKit implements HugePmdUpdateContract {
    }

    static class MmuHooks extends ContractKit implements MmuHooksContract {
    }

    static class ServiceDeclaration extends ContractKit implements ServiceDeclarationContract {
    }
}
