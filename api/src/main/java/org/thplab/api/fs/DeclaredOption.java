package org.thplab.api.fs;

import java.util.List;
import java.util.Objects;
import org.thplab.api.API;

/**
 * One option a plugin accepts (a mount option, a knob): its name and the kind of value it takes.
 *
 * @param name the option's name, as written before {@code =}
 * @param kind what may follow the {@code =}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeclaredOption(String name, ValueKind kind) {

    public DeclaredOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** An option taking one of {@code words}. */
    public static DeclaredOption words(String name, String... words) {
        return new DeclaredOption(name, new ValueKind.Words(List.of(words)));
    }

    /** An option taking a {@link ValueKind.Size}. */
    public static DeclaredOption size(String name) {
        return new DeclaredOption(name, new ValueKind.Size());
    }

    /** An option taking a number from {@code min} to {@code max}. */
    public static DeclaredOption number(String name, long min, long max) {
        return new DeclaredOption(name, new ValueKind.Range(min, max));
    }

    /** {@code name=usage}, for the list of what an unknown option could have been. */
    public String usage() {
        return name + "=" + kind.usage();
    }
}
