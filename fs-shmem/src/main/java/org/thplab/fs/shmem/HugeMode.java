package org.thplab.fs.shmem;

/** The {@code huge=} mount option: when a file's extent is given a team. */
enum HugeMode {
    /** huge=never (or 0): small pages only. */
    NEVER,
    /** huge=always (or 1): every extent. */
    ALWAYS,
    /** huge=within_size: extents wholly inside the file's size. */
    WITHIN_SIZE,
    /** huge=advise: extents faulted through a mapping given MADV_HUGEPAGE. */
    ADVISE;

    static final String EXPECTED = "never, always, within_size, advise, 0 or 1";

    /**
     * @throws IllegalArgumentException naming the value and what was expected
     */
    static HugeMode parse(String value) {
        return switch (value) {
            case "never", "0" -> NEVER;
            case "always", "1" -> ALWAYS;
            case "within_size" -> WITHIN_SIZE;
            case "advise" -> ADVISE;
            default -> throw new IllegalArgumentException("tmpfs: bad huge=" + value + ": expected " + EXPECTED);
        };
    }
}
