package org.thplab.launcher.script;

import java.io.PrintWriter;
import org.thplab.mm.Kernel;

/**
 * What a run does when a plugin call does not return: the core's watchdog names the call,
 * this prints it as the script line running ({@code FILE:LINE: plugin M (C): fault did not
 * return within N ms}) and ends the JVM with exit status 2. Nothing can make the stuck thread
 * return, so exiting is the only clean end; the shutdown hooks still run (the OSGi storage
 * is removed by one).
 */
public final class PluginHangs {
    /** Where the run is, as {@code FILE:LINE: }, for the report. */
    private static volatile String at = "thplab: ";

    private PluginHangs() {
    }

    /** Watches plugin calls for {@code limitMillis} (0: not at all), reporting a hang on {@code err}. */
    public static void arm(long limitMillis, PrintWriter err) {
        if (limitMillis == 0) {
            Kernel.unwatchPluginCalls();
            return;
        }
        Kernel.watchPluginCalls(limitMillis, what -> {
            err.println(at + what);
            err.flush();
            System.exit(ScriptRunner.BAD_SCRIPT);
        });
    }

    /** The run is now at {@code where} ({@code FILE:LINE: }). */
    static void at(String where) {
        at = where;
    }
}
