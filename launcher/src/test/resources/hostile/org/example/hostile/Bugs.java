package org.example.hostile;

import java.lang.reflect.Field;

/** The misbehaviours the hostile plugins share. */
final class Bugs {
    private Bugs() {
    }

    /** Throws {@code t} (checked or not) without declaring it, if {@code when}. */
    static void sneaky(boolean when, Throwable t) {
        if (when) {
            Bugs.<RuntimeException>rethrow(t);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /** A real StackOverflowError. */
    static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** Never returns. */
    static void hang() {
        while (true) {
            Thread.onSpinWait();
        }
    }

    /** Reaches for sun.misc.Unsafe without declaring jdk.unsupported. */
    static void unsafe() {
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            throw new IllegalStateException("hostile: reached " + f.get(null).getClass().getName());
        } catch (ReflectiveOperationException e) {
            sneaky(true, e);
        }
    }

    /** Reflects into the core object it was lent. */
    static void reflect(Object lent) {
        for (Field f : lent.getClass().getDeclaredFields()) {
            f.setAccessible(true); // InaccessibleObjectException: mm-core opens nothing
            throw new IllegalStateException("hostile: reached the core's " + f);
        }
    }
}
