package org.example.cowsplit;

import java.util.List;
import java.util.Optional;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.anon.ThpEvent;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FaultReply;

/**
 * A third party's anonymous THP policy: every fault that can go huge does (no huge zero
 * page), and a write to a THP that others map splits the PMD and copies one page, as
 * kernels since 5.8 do, instead of copying the whole huge page as Linux 4.6 does.
 */
public final class CowSplit implements AnonymousMemoryType {
    /** The one knob, declared so that scripts are checked without starting the policy. */
    private static final DeclaredOptions KNOBS = new DeclaredOptions(
            List.of(DeclaredOption.words("enabled", "always", "never")), "cow-split: %s=%s: expected %s",
            "cow-split: unknown knob '%s': expected %s");

    @Override
    public Optional<DeclaredOptions> declaredKnobs(Geometry g) {
        return Optional.of(KNOBS);
    }

    @Override
    public String name() {
        return "cow-split";
    }

    @Override
    public AnonymousMemory start(AnonServices services) {
        return new AnonymousMemory() {
            private volatile boolean enabled = true;

            @Override
            public List<String> knobs() {
                return List.of("enabled");
            }

            @Override
            public void set(String knob, String value) {
                DeclaredOption enabledKnob = KNOBS.options().get(0);
                if (!enabledKnob.kind().accepts(value, services.geometry())) {
                    throw KNOBS.badValue(enabledKnob, value);
                }
                enabled = value.equals("always");
            }

            @Override
            public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
                return enabled && !nohugepage;
            }

            @Override
            public int hugeFault(HugeAnonFault f) {
                if (!f.extentInVma()) {
                    return FaultReply.FALLBACK;
                }
                if (f.mapNewHugePage() != FaultReply.OK) {
                    services.count(ThpEvent.FAULT_FALLBACK);
                    return FaultReply.FALLBACK;
                }
                services.count(ThpEvent.FAULT_ALLOC);
                return FaultReply.OK;
            }

            @Override
            public int hugeWpFault(HugeAnonFault f) {
                if (!f.mapsHugeZeroPage() && f.mapcount() == 1) {
                    return f.reuseHugePage();
                }
                f.splitHugePmd();
                return FaultReply.FALLBACK;
            }

            @Override
            public boolean mayCollapse(CollapseScan scan) {
                return scan.none() == 0 && scan.shared() == 0 && scan.writable();
            }
        };
    }
}
