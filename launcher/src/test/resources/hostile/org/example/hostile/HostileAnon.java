package org.example.hostile;

import java.util.List;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/**
 * An anonymous-memory policy that gives every fault a huge page, honest until its knob
 * {@code bug} plants a bug: the hostile-plugin suite's policy.
 */
public final class HostileAnon implements AnonymousMemoryType {
    @Override
    public String name() {
        return "hostile-anon";
    }

    @Override
    public AnonymousMemory start(AnonServices services) {
        return new AnonymousMemory() {
            private volatile String bug = "none";

            @Override
            public List<String> knobs() {
                return List.of("bug");
            }

            @Override
            public void set(String knob, String value) {
                if (!knob.equals("bug")) {
                    throw new IllegalArgumentException("hostile-anon: unknown knob " + knob);
                }
                bug = value;
            }

            @Override
            public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
                if (bug.equals("enabled-error")) {
                    throw new AssertionError("hostile-anon: enabled? who knows");
                }
                return true;
            }

            @Override
            public int hugeFault(HugeAnonFault fault) {
                switch (bug) {
                    case "stack-overflow" -> Bugs.recurse(0);
                    case "sneaky" -> Bugs.sneaky(true, new java.io.IOException("hostile-anon: no huge pages today"));
                    case "lie" -> {
                        return FaultReply.OK; // claims a huge page it never made
                    }
                    case "hang" -> Bugs.hang();
                    default -> {
                    }
                }
                return fault.extentInVma() ? fault.mapNewHugePage() : FaultReply.FALLBACK;
            }

            @Override
            public int hugeWpFault(HugeAnonFault fault) {
                fault.splitHugePmd();
                return FaultReply.FALLBACK;
            }

            @Override
            public boolean mayCollapse(CollapseScan scan) {
                return true;
            }
        };
    }
}
