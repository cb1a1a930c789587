package org.thplab.launcher.script;

import java.io.PrintWriter;
import org.thplab.mm.Kernel;

/**
 * What a run does when a plugin call does not return, or ends the JVM itself. The core's
 * watchdog names a call that hangs: this prints it as the script line running
 * ({@code FILE:LINE: plugin M (C): fault did not return within N ms}) and exits with status 2;
 * nothing can make the stuck thread return, so exiting is the only clean end, and the shutdown
 * hooks still run (one removes the OSGi storage). A plugin that calls {@code System.exit} in
 * the middle of a call is named the same way by a shutdown hook, which lets the OSGi storage
 * go first and then ends the JVM with status 2 instead of the plugin's.
 */
public final class PluginHangs {
    /** Where the run is, as {@code FILE:LINE: }, for the report. */
    private static volatile String at = "thplab: ";
    private static volatile PrintWriter err;
    /** Set when the watchdog itself ends the run: the exit hook then has nothing to add. */
    private static volatile boolean hangReported;
    /** Set when the JVM is already exiting: a call stuck in System.exit is not a hang to report. */
    private static volatile boolean exiting;
    private static boolean hooked;
    /** The shutdown hook that removes the OSGi framework's storage (OsgiRuntime's). */
    private static final String STORAGE_HOOK = "thplab-osgi-storage";

    private PluginHangs() {
    }

    /** Watches plugin calls for {@code limitMillis} (0: not at all), reporting a hang or an exit on {@code err}. */
    public static synchronized void arm(long limitMillis, PrintWriter err) {
        PluginHangs.err = err;
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(PluginHangs::exitDuringACall, "thplab-plugin-exit"));
            hooked = true;
        }
        if (limitMillis == 0) {
            Kernel.unwatchPluginCalls();
            return;
        }
        Kernel.watchPluginCalls(limitMillis, what -> {
            if (exiting) {
                return;
            }
            hangReported = true;
            err.println(at + what);
            err.flush();
            System.exit(ScriptRunner.BAD_SCRIPT);
        });
    }

    /** The run is now at {@code where} ({@code FILE:LINE: }). */
    static void at(String where) {
        at = where;
    }

    /** The shutdown hook: the JVM is exiting while a plugin call is in progress. */
    private static void exitDuringACall() {
        exiting = true;
        String call = Kernel.pluginCallInProgress();
        if (hangReported || call == null) {
            return;
        }
        err.println(at + call + " ended the JVM (System.exit) before returning");
        err.flush();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(STORAGE_HOOK)) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        Runtime.getRuntime().halt(ScriptRunner.BAD_SCRIPT);
    }
}
