package org.thplab.mm.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * One scenario for the model checker, written as the race it explores: each {@link #thread}
 * at once, then the operations {@link #after} that read the end state (bytes, smaps). The
 * operations are the {@code @Operation} methods of the state class, named with their
 * arguments. What a race starts from is made by the state class's constructor, not by
 * operations run before the threads: with a huge fault in that sequential part, Lincheck 3.7
 * explored a single interleaving of the threads after it.
 */
final class Race {
    private final String name;
    private final Class<?> state;
    private final List<List<Actor>> threads = new ArrayList<>();
    private final List<Actor> after = new ArrayList<>();

    private Race(String name, Class<?> state) {
        this.name = name;
        this.state = state;
    }

    /** A race called {@code name} over a fresh instance of {@code state} per execution. */
    static Race of(String name, Class<?> state) {
        return new Race(name, state);
    }

    /** One more thread, running these operations in order; each is written "name" or "name:arg,arg". */
    Race thread(String... ops) {
        List<Actor> t = new ArrayList<>();
        for (String op : ops) {
            t.add(parse(op));
        }
        threads.add(t);
        return this;
    }

    /** An operation run once every thread is done. */
    Race after(String op, Object... args) {
        after.add(actor(op, args));
        return this;
    }

    String name() {
        return name;
    }

    Class<?> state() {
        return state;
    }

    /** The scenario, numbered {@code number}: its first operation, {@code scenario(number)}, says so. */
    ExecutionScenario scenario(int number) {
        List<Actor> init = new ArrayList<>();
        init.add(actor("scenario", number));
        return new ExecutionScenario(init, threads, after, null);
    }

    @Override
    public String toString() {
        return name;
    }

    private Actor parse(String op) {
        int colon = op.indexOf(':');
        if (colon < 0) {
            return actor(op);
        }
        Object[] args = Arrays.stream(op.substring(colon + 1).split(",")).map(Race::argument).toArray();
        return actor(op.substring(0, colon), args);
    }

    private static Object argument(String s) {
        return s.matches("-?[0-9]+") ? (Object) Integer.valueOf(s) : s;
    }

    private Actor actor(String op, Object... args) {
        for (Method m : state.getMethods()) {
            if (m.getName().equals(op) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args));
            }
        }
        throw new IllegalArgumentException(state.getSimpleName() + " has no operation " + op + " of "
                + args.length + " arguments");
    }
}
