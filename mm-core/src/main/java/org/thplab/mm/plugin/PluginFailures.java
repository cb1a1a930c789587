package org.thplab.mm.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

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

    /**
     * Calls {@code call} on {@code plugin}'s behalf: an IllegalArgumentException is the
     * plugin refusing bad input and goes to the caller; anything else it throws is recorded.
     */
    public void contain(Object plugin, String operation, Runnable call) {
        containCount(plugin, operation, () -> {
            call.run();
            return 0;
        });
    }

    /** {@link #contain(Object, String, Runnable)} for a call that counts: a failed call counts 0. */
    public int containCount(Object plugin, String operation, IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (IllegalArgumentException refusal) {
            throw refusal;
        } catch (RuntimeException e) {
            report(plugin, operation, "threw " + e);
            return 0;
        }
    }

    /**
     * For a call whose result the caller cannot do without (a mount, a new file): a failure
     * other than a refusal becomes an IllegalStateException naming the plugin.
     */
    public <T> T require(Object plugin, String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException refusal) {
            throw refusal;
        } catch (RuntimeException e) {
            throw new IllegalStateException(describe(plugin) + ": " + operation + " threw " + e, e);
        }
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
