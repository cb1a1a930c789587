package org.thplab.api.fs;

import java.util.List;
import java.util.Optional;
import org.thplab.api.API;

/**
 * The options a plugin accepts, declared as data, and how its refusals read. A launcher checks
 * a script against the declaration without running the plugin; the plugin's own parsing stays
 * the authority when it runs, and builds its refusals with {@link #badValue} and
 * {@link #unknown} so that both read the same.
 *
 * @param options every option accepted, in the order messages list them
 * @param badValueFormat a {@link String#format} pattern of the refusal of a value: the option's
 *        name, the value and {@link ValueKind#expected()}, e.g. {@code "tmpfs: bad %s=%s: expected %s"}
 * @param unknownFormat a {@link String#format} pattern of the refusal of an unknown option: its
 *        name and the usages of all declared options (or {@code none}), e.g.
 *        {@code "tmpfs: unknown option '%s': expected %s"}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeclaredOptions(List<DeclaredOption> options, String badValueFormat, String unknownFormat) {

    public DeclaredOptions {
        options = List.copyOf(options);
        for (int i = 0; i < options.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (options.get(i).name().equals(options.get(j).name())) {
                    throw new IllegalArgumentException("option " + options.get(i).name() + " declared twice");
                }
            }
        }
    }

    /**
     * The options of the plugin {@code owner}, refused as {@code OWNER: bad KEY=VALUE: expected ...}
     * and {@code OWNER: unknown option 'KEY': expected ...}.
     */
    public static DeclaredOptions of(String owner, DeclaredOption... options) {
        return new DeclaredOptions(List.of(options), owner + ": bad %s=%s: expected %s",
                owner + ": unknown option '%s': expected %s");
    }

    /** The declared option named {@code name}. */
    public Optional<DeclaredOption> find(String name) {
        return options.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The refusal of {@code value} for {@code option}. */
    public IllegalArgumentException badValue(DeclaredOption option, String value) {
        return new IllegalArgumentException(String.format(badValueFormat, option.name(), value,
                option.kind().expected()));
    }

    /** The refusal of an option named {@code name} that is not declared. */
    public IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException(String.format(unknownFormat, name, usages()));
    }

    /** Every option's usage, as {@code a=X, b=Y or c=Z}, or {@code none}. */
    public String usages() {
        if (options.isEmpty()) {
            return "none";
        }
        List<String> all = options.stream().map(DeclaredOption::usage).toList();
        int last = all.size() - 1;
        return last == 0 ? all.get(0) : String.join(", ", all.subList(0, last)) + " or " + all.get(last);
    }
}
