package org.thplab.fs.shmem.linux6;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.ValueKind;

/**
 * The {@code tmpfs} filesystem type of Linux 6.18: options {@code huge=never|always|within_size|advise}
 * (default never; the seed's {@code 0|1} accepted too) and {@code size=SIZE} (default unlimited;
 * K, M, G, page and pmd units; rounded up to whole pages; {@code size=0} is unlimited).
 */
@ServiceProvider(value = FilesystemType.class, attribute = "fs.name=tmpfs")
public final class Tmpfs implements FilesystemType {

    /** The type's name. */
    public static final String NAME = "tmpfs";

    private static final DeclaredOption SIZE = DeclaredOption.size("size");
    /** The options, declared once: the launcher checks scripts against them, mount refuses with them. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(NAME, HugeOption.OPTION, SIZE);

    /** The ServiceLoader constructor. */
    public Tmpfs() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<DeclaredOptions> declaredOptions() {
        return Optional.of(OPTIONS);
    }

    /** shmem_parse_one() and shmem_fill_super(). */
    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        HugeOption huge = HugeOption.NEVER;
        long maxPages = Long.MAX_VALUE;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "huge" -> {
                    huge = HugeOption.parse(e.getValue());
                    if (huge == null) {
                        throw OPTIONS.badValue(HugeOption.OPTION, e.getValue());
                    }
                }
                case "size" -> {
                    OptionalLong bytes = ValueKind.Size.bytes(e.getValue(), services.geometry());
                    if (bytes.isEmpty()) {
                        throw OPTIONS.badValue(SIZE, e.getValue());
                    }
                    long page = services.geometry().pageSize();
                    long b = bytes.getAsLong();
                    maxPages = b == 0 ? Long.MAX_VALUE : b / page + (b % page == 0 ? 0 : 1);
                }
                default -> throw OPTIONS.unknown(e.getKey());
            }
        }
        return new ShmemSuper(services, huge, maxPages);
    }
}
