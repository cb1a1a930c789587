package org.thplab.fs.shmem;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.Map;
import org.thplab.api.arch.Geometry;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;

/**
 * The {@code tmpfs} filesystem type: options {@code huge=never|always|within_size|advise|0|1}
 * (default never) and {@code size=SIZE} (default unlimited; K, M, G, page and pmd units).
 */
@ServiceProvider(value = FilesystemType.class, attribute = "fs.name=tmpfs")
public final class Tmpfs implements FilesystemType {

    /** The type's name. */
    public static final String NAME = "tmpfs";

    /** The ServiceLoader constructor. */
    public Tmpfs() {
        // stateless
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        HugeMode huge = HugeMode.NEVER;
        long maxPages = Long.MAX_VALUE;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case "huge" -> huge = HugeMode.parse(e.getValue());
                case "size" -> maxPages = parseSize(e.getValue(), services.geometry()) / services.geometry().pageSize();
                default -> throw new IllegalArgumentException("tmpfs: unknown option '" + e.getKey()
                        + "': expected huge=" + HugeMode.EXPECTED.replace(", ", "|").replace(" or ", "|")
                        + " or size=SIZE");
            }
        }
        return new ShmemFilesystem(services, huge, maxPages);
    }

    /** A SIZE: a non-negative integer with an optional unit K, M, G, page or pmd. */
    static long parseSize(String text, Geometry g) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,15})(K|M|G|page|pmd)?").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("tmpfs: bad size=" + text
                    + ": expected a non-negative integer with optional unit K, M, G, page or pmd");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long scale = switch (unit) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "page" -> g.pageSize();
            case "pmd" -> g.pmdSize();
            default -> 1;
        };
        return Math.multiplyExact(n, scale);
    }
}
