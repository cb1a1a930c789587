package org.thplab.mm.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What plugins did wrong while the core called them: a handler that threw (anything:
 * RuntimeExceptions, Errors, checked exceptions thrown sneakily), or answered with a page it
 * does not hold. The core contains each failure (the access gets SIGBUS, as an oops in a
 * fault handler kills the faulting task) and keeps the report here until the caller
 * collects it. It also numbers the mounts, whose ids the frames a filesystem allocates
 * record as their owner, so that a frame can be blamed on the plugin that holds it.
 */
public final class PluginFailures {
    private final List<String> reports = new ArrayList<>();
    private final AtomicInteger mounts = new AtomicInteger();
    private final ConcurrentHashMap<Integer, String> owners = new ConcurrentHashMap<>();
    /** Whether a plugin from outside the project (not in an org.thplab package) has mounted anything. */
    private volatile boolean foreignMounts;

    /** Records that {@code plugin}'s {@code operation} failed with {@code what}. */
    public synchronized void report(Object plugin, String operation, String what) {
        reportAs(describe(plugin), operation, what);
    }

    /** Records a failure of the plugin described as {@code described} (see {@link #describe}). */
    public synchronized void reportAs(String described, String operation, String what) {
        reports.add(described + ": " + operation + " " + what);
    }

    /** Records that {@code plugin}'s {@code operation} threw {@code thrown}. */
    public void reportThrown(Object plugin, String operation, Throwable thrown) {
        report(plugin, operation, "threw " + thrown);
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
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, operation);
        try {
            return call.getAsInt();
        } catch (IllegalArgumentException refusal) {
            throw refusal;
        } catch (Throwable e) {
            reportThrown(plugin, operation, e);
            return 0;
        } finally {
            watch.exit();
        }
    }

    /**
     * For a call whose result the caller cannot do without (a mount, a new file): a failure
     * other than a refusal becomes an IllegalStateException naming the plugin. A
     * LinkageError (a plugin packaged without a package it uses) goes to the caller as it
     * is: the run cannot go on.
     */
    public <T> T require(Object plugin, String operation, Supplier<T> call) {
        PluginCallWatch.Slot watch = PluginCallWatch.enter(plugin, operation);
        try {
            return call.get();
        } catch (IllegalArgumentException | LinkageError passOn) {
            throw passOn;
        } catch (Throwable e) {
            throw new IllegalStateException(describe(plugin) + ": " + operation + " threw " + e, e);
        } finally {
            watch.exit();
        }
    }

    /** The failures since the last call, oldest first. */
    public synchronized List<String> take() {
        List<String> out = List.copyOf(reports);
        reports.clear();
        return out;
    }

    /** A new owner id for a mount of {@code plugin}; frames its filesystem allocates record it. */
    public int newOwner(Object plugin) {
        int id = mounts.incrementAndGet();
        owners.put(id, describe(plugin));
        if (!plugin.getClass().getName().startsWith("org.thplab.")) {
            foreignMounts = true;
        }
        return id;
    }

    /**
     * Whether a plugin from outside the project has mounted a filesystem: the project's own are
     * held to their conformance kit and the invariant checker, so only others are worth an
     * audit of leaked references (a full recount) when no checker runs.
     */
    public boolean foreignMounts() {
        return foreignMounts;
    }

    /** The plugin behind owner id {@code owner}, as reports name it; null for the core (0) or an unknown id. */
    public String ownerName(int owner) {
        return owner == 0 ? null : owners.get(owner);
    }

    /** The plugin's module, or under OSGi its bundle as the class loader names it. */
    public static String describe(Object plugin) {
        Class<?> c = plugin.getClass();
        Module m = c.getModule();
        String where = m.isNamed() ? m.getName() : String.valueOf(c.getClassLoader());
        return "plugin " + where + " (" + c.getName() + ")";
    }
}
