package org.thplab.fs.shmem;

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
 * The {@code tmpfs} filesystem type: options {@code huge=never|always|within_size|advise|0|1}
 * (default never) and {@code size=SIZE} (default unlimited; K, M, G, page and pmd units; rounded up to
 * whole pages; {@code size=0} is unlimited, as in Linux).
 */
@ServiceProvider(value = FilesystemType.class, attribute = "fs.name=tmpfs")
public final class Tmpfs implements FilesystemType {

    /** The type's name. */
    public static final String NAME = "tmpfs";

    private static final DeclaredOption SIZE = DeclaredOption.size("size");
    /** The options, declared once: the launcher checks scripts against them, mount refuses with them. */
    static final DeclaredOptions OPTIONS = DeclaredOptions.of(NAME, HugeMode.OPTION, SIZE);

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

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        HugeMode huge = HugeMode.NEVER;
        long maxPages = Long.MAX_VALUE;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "huge" -> {
                    huge = HugeMode.parse(e.getValue());
                    if (huge == null) {
                        throw OPTIONS.badValue(HugeMode.OPTION, e.getValue());
                    }
                }
                case "size" -> {
                    OptionalLong bytes = ValueKind.Size.bytes(e.getValue(), services.geometry());
                    if (bytes.isEmpty()) {
                        throw OPTIONS.badValue(SIZE, e.getValue());
                    }
                    maxPages = maxPages(bytes.getAsLong(), services.geometry().pageSize());
                }
                default -> throw OPTIONS.unknown(e.getKey());
            }
        }
        return new ShmemFilesystem(services, huge, maxPages);
    }

    /**
     * shmem_parse_one()'s {@code size=}: whole pages, rounded up ({@code DIV_ROUND_UP}); 0 means
     * no limit, as in Linux.
     */
    static long maxPages(long bytes, long pageSize) {
        if (bytes == 0) {
            return Long.MAX_VALUE;
        }
        return bytes / pageSize + (bytes % pageSize == 0 ? 0 : 1);
    }
}
