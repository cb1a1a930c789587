package org.thplab.launcher.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Smaps;

/**
 * The /proc counters a script prints and expects, each table written once: the fields in the
 * order {@code smaps} and {@code meminfo} lines print them, in kB as Linux prints them.
 *
 * @param <T> the counters' source ({@link Smaps} or {@link Meminfo})
 */
final class ProcFormat<T> {

    /** {@code smaps P R}'s fields. */
    static final ProcFormat<Smaps> SMAPS = new ProcFormat<Smaps>()
            .field("Size", Smaps::size)
            .field("Rss", Smaps::rss)
            .field("Anonymous", Smaps::anonymous)
            .field("AnonHugePages", Smaps::anonHugePages)
            .field("ShmemPmdMapped", Smaps::shmemPmdMapped);

    /** {@code meminfo}'s fields. */
    static final ProcFormat<Meminfo> MEMINFO = new ProcFormat<Meminfo>()
            .field("AnonHugePages", Meminfo::anonHugePages)
            .field("ShmemHugePages", Meminfo::shmemHugePages)
            .field("ShmemPmdMapped", Meminfo::shmemPmdMapped)
            .field("Shmem", Meminfo::shmem);

    private final Map<String, ToLongFunction<T>> bytes = new LinkedHashMap<>();

    private ProcFormat() {
    }

    private ProcFormat<T> field(String name, ToLongFunction<T> getter) {
        bytes.put(name, getter);
        return this;
    }

    /** The field names, in print order. */
    List<String> names() {
        return List.copyOf(bytes.keySet());
    }

    /** Field {@code name} of {@code source}, in kB. */
    long kB(T source, String name) {
        return bytes.get(name).applyAsLong(source) >> 10;
    }

    /** {@code prefix} then every field as {@code NAME=KB}, one space apart. */
    String line(String prefix, T source) {
        StringBuilder out = new StringBuilder(prefix);
        for (String name : bytes.keySet()) {
            out.append(' ').append(name).append('=').append(kB(source, name));
        }
        return out.toString();
    }
}
