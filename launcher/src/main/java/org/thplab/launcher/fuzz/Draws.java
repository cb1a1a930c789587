package org.thplab.launcher.fuzz;

import java.util.Random;
import org.thplab.api.fs.ValueKind;

/**
 * The random choices a {@link Generator} makes that know nothing of the script so far: lengths,
 * ranges and option values, and how a length is written ({@code 3pmd}, {@code 7page}).
 */
final class Draws {
    private final Random random;
    private final int pmdPages;

    Draws(Random random, int pmdPages) {
        this.random = random;
        this.pmdPages = pmdPages;
    }

    /** A value of {@code kind}, or null for a kind not drawn from (a size). */
    String value(ValueKind kind) {
        if (kind instanceof ValueKind.Words w) {
            return w.words().get(random.nextInt(w.words().size()));
        }
        if (kind instanceof ValueKind.Range r) {
            return String.valueOf(switch (random.nextInt(3)) {
                case 0 -> r.min();
                case 1 -> r.max();
                default -> r.min() + (long) (random.nextDouble() * (r.max() - r.min() + 1));
            });
        }
        return null;
    }

    /** A length in pages: a few pages, one to three PMDs, or anything up to two PMDs. */
    int size() {
        return switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> 1 + random.nextInt(8);
            case 4, 5 -> pmdPages;
            case 6 -> 2 * pmdPages;
            case 7 -> pmdPages + 1 + random.nextInt(8);
            case 8 -> 3 * pmdPages;
            default -> 1 + random.nextInt(2 * pmdPages);
        };
    }

    /** A range of {@code pages}: {@code {first, count}}, the whole of them one time in four. */
    int[] range(int pages) {
        if (random.nextInt(4) == 0) {
            return new int[] {0, pages};
        }
        int first = random.nextInt(pages);
        return new int[] {first, 1 + random.nextInt(Math.min(pages - first, 2 * pmdPages))};
    }

    /** {@code pages} in the script's units: {@code 3pmd}, {@code 7page}, {@code 0}. */
    String units(long pages) {
        if (pages == 0) {
            return "0";
        }
        return pages % pmdPages == 0 ? pages / pmdPages + "pmd" : pages + "page";
    }
}
