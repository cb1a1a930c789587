package org.thplab.fs.anon.linux6;

import java.util.List;
import java.util.Locale;
import org.thplab.api.fs.DeclaredOption;
import org.thplab.api.fs.DeclaredOptions;
import org.thplab.api.fs.ValueKind;

/**
 * The knobs of /sys/kernel/mm/transparent_hugepage and its khugepaged folder as Linux 6.18
 * takes them, with its defaults. {@code defrag} (which 6.18 also takes as
 * {@code defer+madvise}) is validated and kept only: the model's allocator never reclaims or
 * compacts. The per-size folders (hugepages-SIZEkB) are not modelled: only the PMD size is.
 */
final class Linux6Knobs {

    /** The {@code enabled} knob. */
    enum Enabled { ALWAYS, MADVISE, NEVER }

    /** The knobs' names, in the order messages list them (the declaration's order). */
    static final List<String> NAMES = declarations(2).options().stream().map(DeclaredOption::name).toList();

    final int hpagePmdNr;
    private final DeclaredOptions declared;
    volatile Enabled enabled = Enabled.ALWAYS;
    volatile String defrag = "madvise";
    volatile boolean useZeroPage = true;
    volatile int maxPtesNone;
    volatile int maxPtesSwap;
    volatile int maxPtesShared;

    Linux6Knobs(int hpagePmdNr) {
        this.hpagePmdNr = hpagePmdNr;
        this.declared = declarations(hpagePmdNr);
        this.maxPtesNone = hpagePmdNr - 1;
        this.maxPtesSwap = hpagePmdNr / 8;
        this.maxPtesShared = hpagePmdNr / 2;
    }

    /** The knobs as data: the khugepaged limits take 0 to HPAGE_PMD_NR - 1, as their sysfs stores do. */
    static DeclaredOptions declarations(int hpagePmdNr) {
        return new DeclaredOptions(List.of(
                DeclaredOption.words("enabled", "always", "madvise", "never"),
                DeclaredOption.words("defrag", "always", "defer", "defer+madvise", "madvise", "never"),
                DeclaredOption.words("use_zero_page", "0", "1"),
                DeclaredOption.number("max_ptes_none", 0, hpagePmdNr - 1),
                DeclaredOption.number("max_ptes_swap", 0, hpagePmdNr - 1),
                DeclaredOption.number("max_ptes_shared", 0, hpagePmdNr - 1)),
                "bad %s=%s: expected %s", "unknown THP knob '%s': expected one of [%s]");
    }

    /**
     * Sets one knob; an unknown one is refused listing the knobs' names only.
     *
     * @throws IllegalArgumentException naming the knob and the values it takes
     */
    void set(String knob, String value) {
        DeclaredOption option = declared.find(knob).orElseThrow(() -> new IllegalArgumentException(
                String.format(declared.unknownFormat(), knob, String.join(", ", NAMES))));
        if (!option.kind().accepts(value, null)) {
            throw declared.badValue(option, value);
        }
        switch (knob) {
            case "enabled" -> enabled = Enabled.valueOf(value.toUpperCase(Locale.ROOT));
            case "defrag" -> defrag = value;
            case "use_zero_page" -> useZeroPage = value.equals("1");
            case "max_ptes_none" -> maxPtesNone = ptes(option, value);
            case "max_ptes_swap" -> maxPtesSwap = ptes(option, value);
            case "max_ptes_shared" -> maxPtesShared = ptes(option, value);
            default -> throw new IllegalStateException("declared but not handled: " + knob);
        }
    }

    private static int ptes(DeclaredOption option, String value) {
        return (int) ((ValueKind.Range) option.kind()).number(value).getAsLong();
    }
}
