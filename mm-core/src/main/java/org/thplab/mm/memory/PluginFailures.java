package org.thplab.mm.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * What plugins did wrong while the core called them: a handler that threw, or answered with
 * a page it does not hold. The core contains each failure (the access gets SIGBUS, as an
 * oops in a fault handler kills the faulting task) and keeps the report here until the
 * caller collects it.
 */
public final class PluginFailures {
    private final List<String> reports = new ArrayList<>();

    /** Records that {@code plugin}'s {@code operation} failed with {@code what}. */
    public synchronized void report(Object plugin, String operation, String what) {
        reports.add(describe(plugin) + ": " + operation + " " + what);
    }

    /** The failures since the last call, oldest first. */
    public synchronized List<String> take() {
        List<String> out = List.copyOf(reports);
        reports.clear();
        return out;
    }

    /** The plugin's module, or under OSGi its bundle as the class loader names it. */
    static String describe(Object plugin) {
        Class<?> c = plugin.getClass();
        Module m = c.getModule();
        String where = m.isNamed() ? m.getName() : String.valueOf(c.getClassLoader());
        return "plugin " + where + " (" + c.getName() + ")";
    }
}
