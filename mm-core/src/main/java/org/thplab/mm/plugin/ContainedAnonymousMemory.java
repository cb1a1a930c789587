package org.thplab.mm.plugin;

import java.util.List;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/**
 * The anonymous-memory plugin as the core calls it: whatever the plugin throws is recorded
 * against it and answered safely (no huge page, SIGBUS for the access), as faults into a
 * filesystem plugin are. A refusal of a knob's value (IllegalArgumentException) goes to the
 * caller. Each call catches on its own rather than through a shared lambda helper: the fault
 * path allocates nothing.
 */
public final class ContainedAnonymousMemory implements AnonymousMemory {
    private final AnonymousMemory plugin;
    private final PluginFailures failures;

    public ContainedAnonymousMemory(AnonymousMemory plugin, PluginFailures failures) {
        this.plugin = plugin;
        this.failures = failures;
    }

    /** The plugin itself, for naming it in reports. */
    public AnonymousMemory plugin() {
        return plugin;
    }

    @Override
    public List<String> knobs() {
        return failures.require(plugin, "knobs", plugin::knobs);
    }

    @Override
    public void set(String knob, String value) {
        failures.require(plugin, "set " + knob, () -> {
            plugin.set(knob, value);
            return knob;
        });
    }

    @Override
    public boolean hugeEnabled(boolean hugepage, boolean nohugepage) {
        try {
            return plugin.hugeEnabled(hugepage, nohugepage);
        } catch (RuntimeException e) {
            failures.report(plugin, "hugeEnabled", "threw " + e);
            return false;
        }
    }

    /** @return the plugin's reply, or {@link FaultReply#SIGBUS} if it threw */
    @Override
    public int hugeFault(HugeAnonFault fault) {
        try {
            return plugin.hugeFault(fault);
        } catch (RuntimeException e) {
            failures.report(plugin, "hugeFault", "threw " + e);
            return FaultReply.SIGBUS;
        }
    }

    /** @return the plugin's reply, or {@link FaultReply#SIGBUS} if it threw */
    @Override
    public int hugeWpFault(HugeAnonFault fault) {
        try {
            return plugin.hugeWpFault(fault);
        } catch (RuntimeException e) {
            failures.report(plugin, "hugeWpFault", "threw " + e);
            return FaultReply.SIGBUS;
        }
    }

    @Override
    public boolean mayCollapse(CollapseScan scan) {
        try {
            return plugin.mayCollapse(scan);
        } catch (RuntimeException e) {
            failures.report(plugin, "mayCollapse", "threw " + e);
            return false;
        }
    }

    @Override
    public boolean splitUnderused(int zeroFilled) {
        try {
            return plugin.splitUnderused(zeroFilled);
        } catch (RuntimeException e) {
            failures.report(plugin, "splitUnderused", "threw " + e);
            return false;
        }
    }

    @Override
    public boolean splitMapsZeroPage() {
        try {
            return plugin.splitMapsZeroPage();
        } catch (RuntimeException e) {
            failures.report(plugin, "splitMapsZeroPage", "threw " + e);
            return false;
        }
    }
}
