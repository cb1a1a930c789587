package org.thplab.launcher.script;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.thplab.mm.Process;

/**
 * Reads one line's words into a {@link Command}: the grammar of the workload language, and
 * nothing that depends on what earlier lines made (that is the {@link Checker}'s). A malformed
 * line throws a {@link ScriptException}, carrying the names read before the bad word.
 */
final class Parser {
    /** The fields {@code expect smaps} takes, in the order {@code smaps} prints them. */
    private static final List<String> SMAPS_FIELDS = ProcFormat.SMAPS.names();
    private static final List<String> MEMINFO_FIELDS = ProcFormat.MEMINFO.names();
    private static final String MAP_USAGE = "map P R anon LEN [prot=PROT] [private|shared] [shift=OFF]"
            + " or map P R file F LEN [off=OFF] [prot=PROT] [private|shared] [shift=OFF]";

    private final Sizes sizes;

    Parser(Sizes sizes) {
        this.sizes = sizes;
    }

    /** The command on line {@code line}, whose words are {@code words} (at least one). */
    Command parse(int line, String[] words) {
        Tokens t = new Tokens(line, words, sizes);
        return switch (words[0]) {
            case "thp" -> {
                t.arity(2, Integer.MAX_VALUE, "thp KEY=VALUE...");
                yield new Command.Thp(line, t.options(1));
            }
            case "memory" -> {
                t.arity(2, 2, "memory SIZE");
                yield new Command.Memory(line, t.memory(1), t.at(1));
            }
            case "mount" -> mount(t);
            case "file" -> {
                t.arity(4, 4, "file F M SIZE");
                yield new Command.File(line, t.name(1, "file"), t.name(2, "mount"), t.size("size", 3));
            }
            case "truncate" -> truncate(t);
            case "punch" -> punch(t);
            case "map" -> new MapParser(t).parse(MAP_USAGE);
            case "madvise" -> madvise(t);
            case "mprotect" -> mprotect(t);
            case "munmap" -> {
                t.arity(5, 5, "munmap P R OFF LEN");
                yield new Command.Munmap(line, range(t, true, r -> new Command.Munmap(line, r)));
            }
            case "mremap" -> new MapParser(t).mremap();
            case "read", "write", "verify" -> access(t);
            case "fork" -> fork(t);
            case "exit" -> {
                t.arity(2, 2, "exit P");
                yield new Command.Exit(line, t.name(1, "process"));
            }
            case "smaps" -> {
                t.arity(3, 3, "smaps P R");
                String[] pr = procRegion(t, 1, p -> new Command.Smaps(line, p, null));
                yield new Command.Smaps(line, pr[0], pr[1]);
            }
            case "layout" -> {
                t.arity(3, 3, "layout P R");
                String[] pr = procRegion(t, 1, p -> new Command.Layout(line, p, null));
                yield new Command.Layout(line, pr[0], pr[1]);
            }
            case "meminfo" -> {
                t.arity(1, 1, "meminfo");
                yield new Command.Meminfo(line);
            }
            case "expect" -> expect(t);
            case "echo" -> new Command.Echo(line, String.join(" ", t.from(1)));
            case "khugepaged" -> {
                t.arity(1, 1, "khugepaged");
                yield new Command.Khugepaged(line);
            }
            case "reclaim" -> {
                t.arity(1, 1, "reclaim");
                yield new Command.Reclaim(line);
            }
            case "settle" -> {
                t.arity(1, 1, "settle");
                yield new Command.Settle(line);
            }
            default -> throw new ScriptException("unknown command '" + Quote.of(words[0])
                    + "': expected thp, memory, mount, file, truncate, punch, map, madvise, mprotect, mremap, munmap,"
                    + " read, write, verify, fork, exit, smaps, meminfo, expect, echo, layout, khugepaged, settle"
                    + " or reclaim");
        };
    }

    private static Command mount(Tokens t) {
        t.arity(2, Integer.MAX_VALUE, "mount M [type=FSTYPE] [KEY=VALUE...]");
        String m = t.name(1, "mount");
        Map<String, String> options;
        try {
            options = t.options(2);
        } catch (ScriptException e) {
            throw e.after(new Command.Mount(t.line(), m, null, null));
        }
        String type = options.getOrDefault("type", "tmpfs");
        options.remove("type");
        return new Command.Mount(t.line(), m, type, options);
    }

    private static Command truncate(Tokens t) {
        t.arity(3, 3, "truncate F SIZE");
        String f = t.name(1, "file");
        try {
            return new Command.Truncate(t.line(), f, t.size("size", 2));
        } catch (ScriptException e) {
            throw e.after(new Command.Truncate(t.line(), f, -1));
        }
    }

    private static Command punch(Tokens t) {
        t.arity(4, 4, "punch F OFF LEN");
        String f = t.name(1, "file");
        try {
            long off = t.size("offset", 2);
            return new Command.Punch(t.line(), f, off, Tokens.positive(t.size("length", 3), t.at(3)));
        } catch (ScriptException e) {
            throw e.after(new Command.Punch(t.line(), f, -1, -1));
        }
    }

    private static Command madvise(Tokens t) {
        t.arity(6, 6, "madvise P R OFF LEN ADVICE");
        Command.RegionRange range = range(t, true, r -> new Command.Madvise(t.line(), r, null));
        Process.Advice advice = switch (t.at(5)) {
            case "hugepage" -> Process.Advice.HUGEPAGE;
            case "nohugepage" -> Process.Advice.NOHUGEPAGE;
            case "dontneed" -> Process.Advice.DONTNEED;
            case "collapse" -> Process.Advice.COLLAPSE;
            case "remove" -> Process.Advice.REMOVE;
            default -> throw new ScriptException("madvise " + Quote.of(t.at(5))
                    + ": expected hugepage, nohugepage, dontneed, collapse or remove")
                    .after(new Command.Madvise(t.line(), range, null));
        };
        return new Command.Madvise(t.line(), range, advice);
    }

    private static Command mprotect(Tokens t) {
        t.arity(6, 6, "mprotect P R OFF LEN PROT");
        Command.RegionRange range = range(t, true, r -> new Command.Mprotect(t.line(), r, 0));
        try {
            return new Command.Mprotect(t.line(), range, Tokens.prot(t.at(5)));
        } catch (ScriptException e) {
            throw e.after(new Command.Mprotect(t.line(), range, 0));
        }
    }

    private static Command access(Tokens t) {
        String word = t.at(0);
        boolean verify = word.equals("verify");
        t.arity(5, verify ? 7 : 6, word + " P R OFF LEN" + (verify ? " VAL [bad=N]" : word.equals("write") ? " [VAL]" : ""));
        if (word.equals("read") && t.count() != 5) {
            throw new ScriptException("read takes P R OFF LEN");
        }
        if (verify && t.count() < 6) {
            throw new ScriptException("verify takes P R OFF LEN VAL [bad=N]");
        }
        Command.Access.Kind kind = Command.Access.Kind.valueOf(word.toUpperCase(java.util.Locale.ROOT));
        Command.RegionRange range = range(t, false, r -> new Command.Access(t.line(), kind, r, -1));
        try {
            int value = t.count() >= 6 ? Tokens.byteValue(t.at(5)) : 1;
            return new Command.Access(t.line(), kind, range, value, t.count() == 7 ? wantBad(t.at(6)) : -1);
        } catch (ScriptException e) {
            throw e.after(new Command.Access(t.line(), kind, range, -1));
        }
    }

    /** {@code bad=N} of a verify that asserts its count. */
    private static long wantBad(String token) {
        if (!token.matches("bad=\\d{1,18}")) {
            throw new ScriptException("verify's assertion '" + Quote.of(token) + "': expected bad=N, N a whole number");
        }
        return Long.parseLong(token.substring(4));
    }

    private static Command fork(Tokens t) {
        t.arity(3, 3, "fork P C");
        String p = t.name(1, "process");
        try {
            return new Command.Fork(t.line(), p, t.name(2, "process"));
        } catch (ScriptException e) {
            throw e.after(new Command.Fork(t.line(), p, null));
        }
    }

    private static Command expect(Tokens t) {
        t.arity(3, Integer.MAX_VALUE, "expect smaps P R FIELD=KB... or expect meminfo FIELD=KB...");
        boolean smaps = t.at(1).equals("smaps");
        if (!smaps && !t.at(1).equals("meminfo")) {
            throw new ScriptException("expect " + Quote.of(t.at(1)) + ": expected smaps or meminfo");
        }
        String[] pr = smaps ? procRegion(t, 2, p -> new Command.Expect(t.line(), p, null, null)) : new String[2];
        Map<String, Long> wanted = new LinkedHashMap<>();
        List<String> fields = smaps ? SMAPS_FIELDS : MEMINFO_FIELDS;
        for (String token : t.from(smaps ? 4 : 2)) {
            String[] kv = token.split("=", 2);
            if (!fields.contains(kv[0]) || kv.length != 2 || !kv[1].matches("\\d{1,18}")) {
                throw new ScriptException("expect field '" + Quote.of(token) + "': expected FIELD=KB with FIELD one of "
                        + fields).after(new Command.Expect(t.line(), pr[0], pr[1], null));
            }
            wanted.put(kv[0], Long.parseLong(kv[1]));
        }
        if (wanted.isEmpty()) {
            throw new ScriptException("expect: expected at least one FIELD=KB")
                    .after(new Command.Expect(t.line(), pr[0], pr[1], null));
        }
        return new Command.Expect(t.line(), pr[0], pr[1], wanted);
    }

    /** {@code P R} at {@code at}; a bad region name keeps the process read as {@code partial}. */
    static String[] procRegion(Tokens t, int at, Function<String, Command> partial) {
        String p = t.name(at, "process");
        try {
            return new String[] {p, t.name(at + 1, "region")};
        } catch (ScriptException e) {
            throw e.after(partial.apply(p));
        }
    }

    /**
     * {@code P R OFF LEN}: page multiples, LEN above 0 if {@code positiveLen}; {@code partial}
     * makes the command that carries what was read when a later word is bad.
     */
    private static Command.RegionRange range(Tokens t, boolean positiveLen,
                                             Function<Command.RegionRange, Command> partial) {
        String[] pr = procRegion(t, 1, p -> partial.apply(new Command.RegionRange(p, null, -1, -1, null, null)));
        try {
            long off = t.pages("offset", t.at(3));
            long len = t.pages("length", t.at(4));
            if (positiveLen) {
                Tokens.positive(len, t.at(4));
            }
            return new Command.RegionRange(pr[0], pr[1], off, len, t.at(3), t.at(4));
        } catch (ScriptException e) {
            throw e.after(partial.apply(new Command.RegionRange(pr[0], pr[1], -1, -1, null, null)));
        }
    }
}
