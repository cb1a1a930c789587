package org.thplab.launcher.script;

import org.thplab.mm.Kernel;

/**
 * The end of a run, where its mounts go away: page references a filesystem plugin still holds
 * that nothing accounts for are its leak, reported against it as any plugin failure is
 * ({@code FILE:LINE: plugin M (C): page references leaked: ...}, exit 2), with or without
 * {@code --check} (which reports them at the line that leaked, once).
 */
final class LeakAudit {

    private LeakAudit() {
    }

    /** Audits the machine of {@code rt} if it booted, reporting at {@code at} ({@code FILE:LINE: }). */
    static void atEnd(ScriptRuntime rt, String at) {
        Kernel kernel = rt.bootedKernel();
        if (kernel == null) {
            return;
        }
        kernel.auditPluginReferences();
        report(rt, at);
    }

    /** Reports at {@code at} what plugins did wrong since the last report (a recount's leaks). */
    static void report(ScriptRuntime rt, String at) {
        for (String failure : rt.takePluginFailures()) {
            rt.err.println(at + failure);
            rt.runtimeErrors++;
        }
    }
}
