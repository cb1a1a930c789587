package org.thplab.mm.plugin;

import java.util.List;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.CollapseScan;
import org.thplab.api.anon.HugeAnonFault;
import org.thplab.api.fs.FaultReply;

/**
 * The anonymous-memory plugin as the core calls it: whatever the plugin throws (Errors and
 * sneaky checked exceptions too) is recorded
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
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, "hugeEnabled");
        try {
            return plugin.hugeEnabled(hugepage, nohugepage);
        } catch (Throwable e) {
            failures.reportThrown(plugin, "hugeEnabled", e);
            return false;
        } finally {
            watch.exit();
        }
    }

    /** @return the plugin's reply, or {@link FaultReply#SIGBUS} if it threw */
    @Override
    public int hugeFault(HugeAnonFault fault) {
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, "hugeFault");
        try {
            return plugin.hugeFault(fault);
        } catch (Throwable e) {
            failures.reportThrown(plugin, "hugeFault", e);
            return FaultReply.SIGBUS;
        } finally {
            watch.exit();
        }
    }

    /** @return the plugin's reply, or {@link FaultReply#SIGBUS} if it threw */
    @Override
    public int hugeWpFault(HugeAnonFault fault) {
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, "hugeWpFault");
        try {
            return plugin.hugeWpFault(fault);
        } catch (Throwable e) {
            failures.reportThrown(plugin, "hugeWpFault", e);
            return FaultReply.SIGBUS;
        } finally {
            watch.exit();
        }
    }

    @Override
    public boolean mayCollapse(CollapseScan scan) {
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, "mayCollapse");
        try {
            return plugin.mayCollapse(scan);
        } catch (Throwable e) {
            failures.reportThrown(plugin, "mayCollapse", e);
            return false;
        } finally {
            watch.exit();
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
