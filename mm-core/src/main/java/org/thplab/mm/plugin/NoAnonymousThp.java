package org.thplab.mm.plugin;

import java.util.List;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/**
 * Anonymous memory when no anonymous-memory plugin is loaded: no transparent huge pages, as
 * a kernel built without CONFIG_TRANSPARENT_HUGEPAGE. A THP can still appear through
 * MADV_COLLAPSE; a write to it after fork splits the PMD and copies one page.
 */
public final class NoAnonymousThp implements AnonymousMemory {

    @Override
    public List<String> knobs() {
        return List.of();
    }

    @Override
    public void set(String knob, String value) {
        throw new IllegalArgumentException("unknown THP knob '" + knob + "': no anonymous-memory plugin is loaded");
    }

    @Override
    public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
        return false;
    }

    @Override
    public int hugeFault(HugeAnonFault fault) {
        return FaultReply.FALLBACK;
    }

    @Override
    public int hugeWpFault(HugeAnonFault fault) {
        fault.splitHugePmd();
        return FaultReply.FALLBACK;
    }

    @Override
    public boolean mayCollapse(CollapseScan scan) {
        return false;
    }
}
