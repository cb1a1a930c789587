package org.thplab.fs.shmem;

import org.thplab.api.fs.DeclaredOption;

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

    /** The option's declaration: its words, in the order messages list them. */
    static final DeclaredOption OPTION = DeclaredOption.words("huge", "never", "always", "within_size", "advise",
            "0", "1");

    /** The mode {@code value} names; null if none (the caller refuses it). */
    static HugeMode parse(String value) {
        return switch (value) {
            case "never", "0" -> NEVER;
            case "always", "1" -> ALWAYS;
            case "within_size" -> WITHIN_SIZE;
            case "advise" -> ADVISE;
            default -> null;
        };
    }
}
