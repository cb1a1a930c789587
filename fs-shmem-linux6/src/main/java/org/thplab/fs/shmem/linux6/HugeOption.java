package org.thplab.fs.shmem.linux6;

import org.thplab.api.fs.DeclaredOption;

/** The {@code huge=} mount option (SHMEM_HUGE_*): when a fault may allocate a PMD-order page. */
enum HugeOption {
    /** huge=never (or 0): small pages only. */
    NEVER,
    /** huge=always (or 1): wherever the mapping is suitable. */
    ALWAYS,
    /** huge=within_size: where the huge page lies wholly within the file's size, else as advise. */
    WITHIN_SIZE,
    /** huge=advise: through a mapping given MADV_HUGEPAGE. */
    ADVISE;

    /**
     * The option's declaration. 6.18's tmpfs knows only the words; the seed's 0 and 1 are kept so
     * that scripts run under either profile.
     */
    static final DeclaredOption OPTION = DeclaredOption.words("huge", "never", "always", "within_size", "advise",
            "0", "1");

    /** The mode {@code value} names; null if none (the caller refuses it). */
    static HugeOption parse(String value) {
        return switch (value) {
            case "never", "0" -> NEVER;
            case "always", "1" -> ALWAYS;
            case "within_size" -> WITHIN_SIZE;
            case "advise" -> ADVISE;
            default -> null;
        };
    }
}
