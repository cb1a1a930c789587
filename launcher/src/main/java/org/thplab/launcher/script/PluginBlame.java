package org.thplab.launcher.script;

import java.util.ArrayList;
import java.util.List;
import org.thplab.mm.Kernel;

/**
 * The plugin an unexpected throwable came from, judged by where it was thrown: the innermost
 * stack frame in a loaded plugin's package. The architecture is called from deep inside the
 * core, under page-table locks, on every path: the core does not wrap each call (the fault
 * path allocates nothing and catches nothing there), so a command that an architecture
 * broke is stopped here, naming it, instead of printing a stack trace. Filesystems and the
 * anonymous-memory policy are contained where the core calls them; they are named here only
 * if something of theirs escaped anyway.
 */
final class PluginBlame {

    private PluginBlame() {
    }

    /** {@code plugin M (C)} for the plugin whose code threw {@code thrown}, or null if none of {@code plugins} did. */
    static String of(Throwable thrown, Plugins plugins) {
        List<Object> loaded = new ArrayList<>(plugins.filesystems());
        loaded.add(plugins.arch());
        if (plugins.anonymous() != null) {
            loaded.add(plugins.anonymous());
        }
        for (StackTraceElement frame : thrown.getStackTrace()) {
            for (Object plugin : loaded) {
                String pkg = plugin.getClass().getPackageName();
                if (frame.getClassName().startsWith(pkg + ".")) {
                    return Kernel.describePlugin(plugin);
                }
            }
        }
        return null;
    }
}
