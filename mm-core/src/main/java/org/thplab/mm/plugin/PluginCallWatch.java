package org.thplab.mm.plugin;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The watchdog over calls into plugins: each thread marks the calls it makes into a plugin
 * (a counter bumped on the way in and out of the outermost call, no clock read on the fault
 * path), and a daemon thread, once {@link #arm armed}, samples every thread's mark; a call
 * still in progress after the time limit is handed to the hang handler, named by its plugin.
 * Java cannot stop a thread that does not return, so the handler ends the run (the launcher
 * reports the plugin and exits 2; the JVM's shutdown hooks clean up).
 */
public final class PluginCallWatch {
    /** Every thread that ever called a plugin, weakly: a dead thread's slot is dropped at the next sample. */
    private static final List<Slot> SLOTS = new CopyOnWriteArrayList<>();
    /**
     * Each thread's slot, through a token only the thread's own ThreadLocal holds strongly: when
     * the thread dies the token goes, and the slot's weak reference to it says so. The slot holds
     * no {@code Thread}: tools that walk static state (Lincheck's model checker) would otherwise
     * follow it into the JDK's thread internals.
     */
    private static final ThreadLocal<Token> MINE = ThreadLocal.withInitial(() -> {
        Token t = new Token();
        SLOTS.add(t.slot);
        return t;
    });
    private static volatile Thread watchdog;

    private PluginCallWatch() {
    }

    /** What a live thread's ThreadLocal holds: its slot. */
    private static final class Token {
        final Slot slot = new Slot(this);
    }

    /** One thread's mark: odd {@code seq} while the thread is inside a plugin call. */
    public static final class Slot {
        private final WeakReference<Token> thread;
        private int depth;
        private Object plugin;
        private String operation;
        private volatile long seq;
        /** Sampler's state: the seq last seen and for how long it has not moved. */
        private long seenSeq;
        private long seenMillis;

        Slot(Token token) {
            this.thread = new WeakReference<>(token);
        }

        /** Leaves the call {@link #enter} marked. */
        public void exit() {
            if (--depth == 0) {
                plugin = null;
                seq = seq + 1;
            }
        }
    }

    /** Marks the calling thread inside {@code plugin}'s {@code operation} until {@link Slot#exit}. */
    public static Slot enter(Object plugin, String operation) {
        Slot s = MINE.get().slot;
        if (s.depth++ == 0) {
            s.plugin = plugin;
            s.operation = operation;
            s.seq = s.seq + 1;
        }
        return s;
    }

    /**
     * The plugin in the calling thread's call asked the core for something ({@code Pages}): it is
     * making progress, so the time limit starts again. A long truncate that frees a million
     * pages is not a hang; a loop that asks the core for nothing is.
     */
    public static void progress() {
        Slot s = MINE.get().slot;
        if (s.depth > 0) {
            s.seq = s.seq + 2; // still odd: still inside the call, but a new one as the sampler sees it
        }
    }

    /**
     * The calling thread leaves plugin code for the core's (a callback such as
     * unmap_mapping_range): the time the core spends is not the plugin's. Pair with
     * {@link #backToPlugin()}.
     */
    public static void intoCore() {
        Slot s = MINE.get().slot;
        if (s.depth > 0) {
            s.seq = s.seq + 1; // even: not in a plugin call
        }
    }

    /** The core's callback returns to the plugin that called it. */
    public static void backToPlugin() {
        Slot s = MINE.get().slot;
        if (s.depth > 0) {
            s.seq = s.seq + 1;
        }
    }

    /**
     * A plugin call some thread is inside now, as {@code plugin M (C): OPERATION}, or null:
     * for a shutdown hook to tell that a plugin ended the JVM (System.exit) in the middle of a call.
     */
    public static String inProgress() {
        for (Slot s : SLOTS) {
            Object plugin = s.plugin;
            if ((s.seq & 1) != 0 && plugin != null) {
                return PluginFailures.describe(plugin) + ": " + s.operation;
            }
        }
        return null;
    }

    /**
     * Starts watching (once per JVM; a later call changes the limit and handler): a plugin call
     * that has not returned after {@code limitMillis} is described to {@code onHang} once,
     * as {@code plugin M (C): OPERATION did not return within N ms}.
     */
    public static synchronized void arm(long limitMillis, Consumer<String> onHang) {
        if (limitMillis <= 0) {
            throw new IllegalArgumentException("plugin call time limit " + limitMillis + " ms: expected a positive limit");
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        Thread t = new Thread(() -> watch(limitMillis, onHang), "thplab-plugin-watchdog");
        t.setDaemon(true);
        watchdog = t;
        t.start();
    }

    /** Stops watching. */
    public static synchronized void disarm() {
        if (watchdog != null) {
            watchdog.interrupt();
            watchdog = null;
        }
    }

    private static void watch(long limitMillis, Consumer<String> onHang) {
        long period = Math.max(10, limitMillis / 8);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            sample(System.nanoTime() / 1_000_000, limitMillis, onHang);
        }
    }

    /**
     * One look at every thread at {@code nowMillis}: a call whose mark has not moved for
     * {@code limitMillis} is described to {@code onHang}, once.
     */
    static void sample(long nowMillis, long limitMillis, Consumer<String> onHang) {
        for (Slot s : SLOTS) {
            if (s.thread.get() == null) {
                SLOTS.remove(s);
                continue;
            }
            long seq = s.seq;
            if ((seq & 1) == 0 || seq != s.seenSeq) {
                s.seenSeq = seq;
                s.seenMillis = nowMillis;
                continue;
            }
            Object plugin = s.plugin;
            String operation = s.operation;
            if (nowMillis - s.seenMillis >= limitMillis && plugin != null && seq == s.seq) {
                s.seenMillis = Long.MAX_VALUE / 2; // reported once
                onHang.accept(PluginFailures.describe(plugin) + ": " + operation + " did not return within "
                        + limitMillis + " ms");
            }
        }
    }
}
