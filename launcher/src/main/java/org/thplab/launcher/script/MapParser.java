package org.thplab.launcher.script;

import org.thplab.mm.Process;

/**
 * The two commands that reserve an address range, {@code map} and {@code mremap}: positional
 * words, then options in any order.
 */
final class MapParser {
    private final Tokens t;
    private String proc;
    private String region;
    private String file;

    MapParser(Tokens t) {
        this.t = t;
    }

    /** {@code map P R anon LEN ...} or {@code map P R file F LEN ...}. */
    Command parse(String usage) {
        t.arity(5, Integer.MAX_VALUE, usage);
        proc = t.name(1, "process");
        try {
            return mapAfterProcess();
        } catch (ScriptException e) {
            throw e.after(new Command.Map(t.line(), proc, region, file, -1, 0, false, 0, 0));
        }
    }

    private Command mapAfterProcess() {
        region = t.name(2, "region");
        boolean anon = t.at(3).equals("anon");
        if (!anon && !t.at(3).equals("file")) {
            throw new ScriptException("map " + Quote.of(t.at(3)) + ": expected anon or file");
        }
        if (!anon) {
            file = t.name(4, "file");
        }
        int lenAt = anon ? 4 : 5;
        if (t.count() <= lenAt) {
            throw new ScriptException("map: expected a length");
        }
        // mmap takes any length and maps whole pages, as Linux rounds it up
        long len = t.pageAlign(Tokens.positive(t.size("length", lenAt), t.at(lenAt)));
        int prot = Process.PROT_READ | Process.PROT_WRITE;
        boolean shared = !anon;
        long shift = 0;
        long off = 0;
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (String token : t.from(lenAt + 1)) {
            String[] kv = token.split("=", 2);
            once(seen, kv[0].equals("private") ? "shared" : kv[0], token);
            switch (kv[0]) {
                case "private" -> shared = false;
                case "shared" -> shared = true;
                case "prot" -> prot = Tokens.prot(Tokens.value(kv, token));
                case "shift" -> shift = t.pages("shift", Tokens.value(kv, token));
                case "off" -> {
                    if (anon) {
                        throw new ScriptException("off= is for file mappings");
                    }
                    off = t.pages("offset", Tokens.value(kv, token));
                }
                default -> throw new ScriptException("map option '" + Quote.of(token)
                        + "': expected prot=PROT, private, shared, shift=OFF" + (anon ? "" : " or off=OFF"));
            }
        }
        return new Command.Map(t.line(), proc, region, file, len, prot, shared, shift, off);
    }

    /** Refuses {@code token} if an earlier word set the same {@code option}. */
    private static void once(java.util.Map<String, String> seen, String option, String token) {
        String earlier = seen.putIfAbsent(option, token);
        if (earlier != null) {
            throw Tokens.twice(token, earlier);
        }
    }

    /** {@code mremap P R NEWR [len=LEN] [shift=OFF]}. */
    Command mremap() {
        t.arity(4, 6, "mremap P R NEWR [len=LEN] [shift=OFF]");
        String[] pr = Parser.procRegion(t, 1, p -> new Command.Mremap(t.line(), p, null, null, -1, 0));
        String newRegion;
        try {
            newRegion = t.name(3, "region");
        } catch (ScriptException e) {
            throw e.after(new Command.Mremap(t.line(), pr[0], pr[1], null, -1, 0));
        }
        long len = -1;
        long shift = 0;
        try {
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            for (String token : t.from(4)) {
                String[] kv = token.split("=", 2);
                once(seen, kv[0], token);
                switch (kv[0]) {
                    case "len" -> len = Tokens.positive(t.pages("length", Tokens.value(kv, token)), token);
                    case "shift" -> shift = t.pages("shift", Tokens.value(kv, token));
                    default -> throw new ScriptException("mremap option '" + Quote.of(token)
                            + "': expected len=LEN or shift=OFF");
                }
            }
        } catch (ScriptException e) {
            throw e.after(new Command.Mremap(t.line(), pr[0], pr[1], newRegion, -1, 0));
        }
        return new Command.Mremap(t.line(), pr[0], pr[1], newRegion, len, shift);
    }
}
