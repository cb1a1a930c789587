package org.thplab.mm.huge;

/**
 * The transparent-hugepage knobs of /sys/kernel/mm/transparent_hugepage (Linux 4.6
 * defaults): which anonymous faults try a huge page, and how.
 */
public final class ThpSettings {

    /** The {@code enabled} knob. */
    public enum Enabled {
        /** Every anonymous mapping. */
        ALWAYS,
        /** Only mappings given MADV_HUGEPAGE. */
        MADVISE,
        /** None. */
        NEVER
    }

    private volatile Enabled enabled = Enabled.ALWAYS;
    private volatile String defrag = "madvise";
    private volatile boolean useZeroPage = true;
    private volatile int maxPtesNone;

    public ThpSettings(int hpagePmdNr) {
        this.maxPtesNone = hpagePmdNr - 1;
    }

    /**
     * Sets one knob as {@code thp KEY=VALUE} does.
     *
     * @throws IllegalArgumentException naming the knob and what values it takes
     */
    public void set(String key, String value, int hpagePmdNr) {
        switch (key) {
            case "enabled" -> enabled = switch (value) {
                case "always" -> Enabled.ALWAYS;
                case "madvise" -> Enabled.MADVISE;
                case "never" -> Enabled.NEVER;
                default -> throw bad(key, value, "always, madvise or never");
            };
            case "defrag" -> {
                if (!java.util.List.of("always", "defer", "madvise", "never").contains(value)) {
                    throw bad(key, value, "always, defer, madvise or never");
                }
                defrag = value;
            }
            case "use_zero_page" -> useZeroPage = switch (value) {
                case "0" -> false;
                case "1" -> true;
                default -> throw bad(key, value, "0 or 1");
            };
            case "max_ptes_none" -> {
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0 || n >= hpagePmdNr) {
                    throw bad(key, value, "0 to " + (hpagePmdNr - 1));
                }
                maxPtesNone = n;
            }
            default -> throw new IllegalArgumentException("unknown THP knob '" + key
                    + "': expected enabled, defrag, use_zero_page, shmem_enabled or max_ptes_none");
        }
    }

    private static IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("bad " + key + "=" + value + ": expected " + expected);
    }

    /** transparent_hugepage_enabled(vma) for an anonymous mapping with the given madvise flags. */
    public boolean enabledFor(boolean hugepage, boolean nohugepage) {
        if (nohugepage) {
            return false;
        }
        return enabled == Enabled.ALWAYS || (enabled == Enabled.MADVISE && hugepage);
    }

    public boolean useZeroPage() {
        return useZeroPage;
    }

    public String defrag() {
        return defrag;
    }

    public int maxPtesNone() {
        return maxPtesNone;
    }
}
