package org.thplab.api.fs;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.thplab.api.API;
import org.thplab.api.arch.Geometry;

/**
 * The kind of value a {@link DeclaredOption} takes: a fixed set of words, a size, or a number
 * in a range. Pure data with pure checks, so that a script can be checked against a plugin's
 * declaration without running the plugin.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface ValueKind permits ValueKind.Words, ValueKind.Size, ValueKind.Range {

    /** Whether {@code value} is one this kind takes, on an architecture of geometry {@code g}. */
    boolean accepts(String value, Geometry g);

    /** What is expected, for messages: {@code never, always or advise}, {@code 0 to 511}. */
    String expected();

    /** The value's form in a usage line: {@code never|always|advise}, {@code SIZE}, {@code N}. */
    String usage();

    /** One of a fixed set of words, in the order messages list them. */
    record Words(List<String> words) implements ValueKind {
        public Words {
            words = List.copyOf(words);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("a set of words needs at least one word");
            }
        }

        @Override
        public boolean accepts(String value, Geometry g) {
            return words.contains(value);
        }

        @Override
        public String expected() {
            int last = words.size() - 1;
            return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
        }

        @Override
        public String usage() {
            return String.join("|", words);
        }
    }

    /**
     * A size in bytes: up to 15 decimal digits with an optional unit {@code K}, {@code M},
     * {@code G}, {@code page} or {@code pmd} (the architecture's base and PMD page sizes),
     * whose value fits in a {@code long}.
     */
    record Size() implements ValueKind {
        private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(K|M|G|page|pmd)?");

        /** The bytes {@code text} names on geometry {@code g}, or empty if it is not a size. */
        public static OptionalLong bytes(String text, Geometry g) {
            Matcher m = SIZE.matcher(text);
            if (!m.matches()) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), unit(m.group(2), g)));
            } catch (ArithmeticException e) {
                return OptionalLong.empty();
            }
        }

        /**
         * The bytes one {@code unit} stands for on geometry {@code g}: {@code K}, {@code M},
         * {@code G}, {@code page}, {@code pmd}, or 1 for none (null or empty).
         *
         * @throws IllegalArgumentException for any other unit
         */
        public static long unit(String unit, Geometry g) {
            return switch (unit == null ? "" : unit) {
                case "" -> 1;
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                case "G" -> 1L << 30;
                case "page" -> g.pageSize();
                case "pmd" -> g.pmdSize();
                default -> throw new IllegalArgumentException("unknown unit " + unit
                        + ": expected K, M, G, page or pmd");
            };
        }

        @Override
        public boolean accepts(String value, Geometry g) {
            return bytes(value, g).isPresent();
        }

        @Override
        public String expected() {
            return "a non-negative integer with optional unit K, M, G, page or pmd";
        }

        @Override
        public String usage() {
            return "SIZE";
        }
    }

    /** A decimal integer from {@code min} to {@code max}, as {@link Long#parseLong} reads it. */
    record Range(long min, long max) implements ValueKind {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("empty range " + min + " to " + max);
            }
        }

        /** The number {@code text} names, or empty if it is not one in the range. */
        public OptionalLong number(String text) {
            try {
                long n = Long.parseLong(text);
                return n >= min && n <= max ? OptionalLong.of(n) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        @Override
        public boolean accepts(String value, Geometry g) {
            return number(value).isPresent();
        }

        @Override
        public String expected() {
            return min + " to " + max;
        }

        @Override
        public String usage() {
            return "N";
        }
    }
}
