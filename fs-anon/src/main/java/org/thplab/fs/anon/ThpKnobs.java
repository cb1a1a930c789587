package org.thplab.fs.anon;

import java.util.List;

/**
 * The knobs of /sys/kernel/mm/transparent_hugepage and its khugepaged folder, with the
 * upstream defaults. {@code defrag} is kept and validated only: the model's allocator never
 * reclaims or compacts, so how hard a fault tries makes no difference.
 */
final class ThpKnobs {

    /** The {@code enabled} knob. */
    enum Enabled { ALWAYS, MADVISE, NEVER }

    static final List<String> NAMES = List.of("enabled", "defrag", "use_zero_page",
            "max_ptes_none", "max_ptes_swap", "max_ptes_shared");

    private final int hpagePmdNr;
    volatile Enabled enabled = Enabled.ALWAYS;
    volatile String defrag = "madvise";
    volatile boolean useZeroPage = true;
    volatile int maxPtesNone;
    volatile int maxPtesSwap;
    volatile int maxPtesShared;

    ThpKnobs(int hpagePmdNr) {
        this.hpagePmdNr = hpagePmdNr;
        this.maxPtesNone = hpagePmdNr - 1;
        this.maxPtesSwap = hpagePmdNr / 8;
        this.maxPtesShared = hpagePmdNr / 2;
    }

    /** @throws IllegalArgumentException naming the knob and the values it takes */
    void set(String knob, String value) {
        switch (knob) {
            case "enabled" -> enabled = switch (value) {
                case "always" -> Enabled.ALWAYS;
                case "madvise" -> Enabled.MADVISE;
                case "never" -> Enabled.NEVER;
                default -> throw bad(knob, value, "always, madvise or never");
            };
            case "defrag" -> {
                if (!List.of("always", "defer", "madvise", "never").contains(value)) {
                    throw bad(knob, value, "always, defer, madvise or never");
                }
                defrag = value;
            }
            case "use_zero_page" -> useZeroPage = switch (value) {
                case "0" -> false;
                case "1" -> true;
                default -> throw bad(knob, value, "0 or 1");
            };
            case "max_ptes_none" -> maxPtesNone = ptes(knob, value);
            case "max_ptes_swap" -> maxPtesSwap = ptes(knob, value);
            case "max_ptes_shared" -> maxPtesShared = ptes(knob, value);
            default -> throw new IllegalArgumentException("unknown THP knob '" + knob + "': expected one of " + NAMES);
        }
    }

    /** The khugepaged limits take 0 to HPAGE_PMD_NR - 1, as their sysfs stores do. */
    private int ptes(String knob, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n >= hpagePmdNr) {
            throw bad(knob, value, "0 to " + (hpagePmdNr - 1));
        }
        return n;
    }

    private static IllegalArgumentException bad(String knob, String value, String expected) {
        return new IllegalArgumentException("bad " + knob + "=" + value + ": expected " + expected);
    }
}
