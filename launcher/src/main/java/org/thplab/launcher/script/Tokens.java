package org.thplab.launcher.script;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.thplab.mm.Process;

/**
 * The words of one script line, and how each kind of word is read: names, sizes, page
 * multiples, protections, byte values and {@code KEY=VALUE} options. Every method throws a
 * {@link ScriptException} naming the word and what was expected.
 */
final class Tokens {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final int line;
    private final String[] t;
    private final Sizes sizes;

    Tokens(int line, String[] words, Sizes sizes) {
        this.line = line;
        this.t = words;
        this.sizes = sizes;
    }

    int line() {
        return line;
    }

    int count() {
        return t.length;
    }

    /** The word at {@code i}, or "" past the end. */
    String at(int i) {
        return i < t.length ? t[i] : "";
    }

    /** The words from {@code from} on. */
    String[] from(int from) {
        return java.util.Arrays.copyOfRange(t, Math.min(from, t.length), t.length);
    }

    void arity(int min, int max, String usage) {
        if (t.length < min || t.length > max) {
            throw new ScriptException(t[0] + ": expected " + usage);
        }
    }

    /** The name at {@code i}; {@code what} is process, region, mount or file. */
    String name(int i, String what) {
        String s = at(i);
        if (!NAME.matcher(s).matches()) {
            throw new ScriptException("bad " + what + " name '" + Quote.of(s) + "': expected letters, digits, '_' and '-',"
                    + " not starting with a digit or '-'");
        }
        return s;
    }

    long size(String what, int i) {
        return sizes.parse(what, at(i));
    }

    long memory(int i) {
        return sizes.parseMemory(at(i));
    }

    long pages(String what, String text) {
        return sizes.pages(what, text);
    }

    static long positive(long v, String text) {
        if (v <= 0) {
            throw new ScriptException("length " + text + ": expected more than 0");
        }
        return v;
    }

    static int prot(String s) {
        return switch (s) {
            case "none" -> Process.PROT_NONE;
            case "r" -> Process.PROT_READ;
            case "rw" -> Process.PROT_READ | Process.PROT_WRITE;
            default -> throw new ScriptException("bad protection '" + Quote.of(s) + "': expected none, r or rw");
        };
    }

    static int byteValue(String s) {
        if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > 255) {
            throw new ScriptException("bad value '" + Quote.of(s) + "': expected an integer from 0 to 255");
        }
        return Integer.parseInt(s);
    }

    /** The value of {@code token} split at its first '=' into {@code kv}. */
    static String value(String[] kv, String token) {
        if (kv.length != 2 || kv[1].isEmpty()) {
            throw new ScriptException("'" + Quote.of(token) + "': expected KEY=VALUE");
        }
        return kv[1];
    }

    /** The {@code KEY=VALUE} words from {@code from} on, in order; a key given twice is refused. */
    Map<String, String> options(int from) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = from; i < t.length; i++) {
            String[] kv = t[i].split("=", 2);
            value(kv, t[i]);
            String earlier = out.put(kv[0], kv[1]);
            if (earlier != null) {
                throw twice(t[i], kv[0] + "=" + earlier);
            }
        }
        return out;
    }

    /** The refusal of {@code token}, which repeats or contradicts {@code earlier} on the same line. */
    static ScriptException twice(String token, String earlier) {
        return new ScriptException("'" + Quote.of(token) + "' repeats or contradicts '" + Quote.of(earlier)
                + "': expected each option once");
    }

    /** {@code bytes} rounded up to the base page size, as mmap rounds a length. */
    long pageAlign(long bytes) {
        return sizes.pageAlign(bytes);
    }
}
