package org.thplab.launcher.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.thplab.api.arch.Architecture;
import org.thplab.api.fs.FilesystemType;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Meminfo;
import org.thplab.mm.Process;
import org.thplab.mm.Smaps;

/**
 * Checks a whole workload script before anything runs (../shared/spec/workload.md) and turns
 * each command into a {@link Step}. Every error is collected as {@code FILE:LINE: message}
 * naming what was expected; names are checked against what exists at that point of the
 * script, as the script would leave it.
 */
final class ScriptParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final List<String> SMAPS_FIELDS = List.of("Size", "Rss", "Anonymous", "AnonHugePages",
            "ShmemPmdMapped");
    private static final List<String> MEMINFO_FIELDS = List.of("AnonHugePages", "ShmemHugePages", "ShmemPmdMapped",
            "Shmem");

    private final String fileName;
    private final Architecture arch;
    private final List<FilesystemType> filesystems;
    private final Sizes sizes;
    private final long page;
    /** A small machine on which knob values and mount options are tried out while checking. */
    private final Kernel scratch;

    private final Map<String, Map<String, Long>> procs = new HashMap<>();
    private final Set<String> mounts = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private boolean mapped;
    private final List<String> errors = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    ScriptParser(String fileName, Plugins plugins) {
        Architecture arch = plugins.arch();
        this.fileName = fileName;
        this.arch = arch;
        this.filesystems = plugins.filesystems();
        this.sizes = new Sizes(arch.geometry());
        this.page = arch.geometry().pageSize();
        this.scratch = plugins.boot(4 * arch.geometry().pmdSize());
        procs.put("p0", new HashMap<>());
    }

    /** The steps of a script with no error. */
    List<Step> steps() {
        return steps;
    }

    /** Every error, as {@code FILE:LINE: message}. */
    List<String> errors() {
        return errors;
    }

    ScriptParser parse(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            int hash = text.indexOf('#');
            String[] t = (hash >= 0 ? text.substring(0, hash) : text).trim().split("[ \t]+");
            if (t.length == 0 || t[0].isEmpty()) {
                continue;
            }
            try {
                steps.add(new Step(i + 1, t[0], command(t)));
            } catch (ScriptException e) {
                errors.add(fileName + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return this;
    }

    private Step.Action command(String[] t) {
        return switch (t[0]) {
            case "thp" -> thp(t);
            case "memory" -> memory(t);
            case "mount" -> mount(t);
            case "file" -> file(t);
            case "truncate" -> truncate(t);
            case "punch" -> punch(t);
            case "map" -> map(t);
            case "madvise" -> madvise(t);
            case "mprotect" -> mprotect(t);
            case "mremap" -> mremap(t);
            case "munmap" -> munmap(t);
            case "read", "write", "verify" -> access(t);
            case "fork" -> fork(t);
            case "exit" -> exit(t);
            case "smaps" -> smaps(t);
            case "meminfo" -> meminfo(t);
            case "expect" -> expect(t);
            case "echo" -> echo(t);
            case "layout" -> layout(t);
            case "khugepaged" -> {
                arity(t, 1, 1, "khugepaged");
                yield rt -> rt.kernel().khugepaged();
            }
            case "reclaim" -> {
                arity(t, 1, 1, "reclaim");
                yield rt -> rt.kernel().reclaim();
            }
            case "settle" -> {
                arity(t, 1, 1, "settle");
                yield rt -> rt.kernel().settle();
            }
            default -> throw new ScriptException("unknown command '" + t[0] + "': expected thp, memory, mount, file,"
                    + " truncate, punch, map, madvise, mprotect, mremap, munmap, read, write, verify, fork, exit, smaps,"
                    + " meminfo, expect, echo, layout, khugepaged, settle or reclaim");
        };
    }

    // ------------------------------------------------------------------ commands

    private Step.Action thp(String[] t) {
        arity(t, 2, Integer.MAX_VALUE, "thp KEY=VALUE...");
        Map<String, String> knobs = options(t, 1);
        for (var e : knobs.entrySet()) {
            try {
                scratch.setThp(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new ScriptException(ex.getMessage());
            }
        }
        return rt -> knobs.forEach(rt::setThp);
    }

    private Step.Action memory(String[] t) {
        arity(t, 2, 2, "memory SIZE");
        long bytes = sizes.parse("size", t[1]);
        if (mapped) {
            throw new ScriptException("memory must come before the first map or file");
        }
        if (bytes <= 0 || bytes % arch.geometry().pmdSize() != 0) {
            throw new ScriptException("memory " + t[1] + ": expected a positive multiple of the PMD size "
                    + arch.geometry().pmdSize());
        }
        return rt -> rt.setMemory(bytes);
    }

    private Step.Action mount(String[] t) {
        arity(t, 2, Integer.MAX_VALUE, "mount M [type=FSTYPE] [KEY=VALUE...]");
        String m = name(t[1], "mount");
        if (mounts.contains(m)) {
            throw new ScriptException("mount " + m + " exists already");
        }
        Map<String, String> options = options(t, 2);
        String type = options.getOrDefault("type", "tmpfs");
        options.remove("type");
        try {
            scratch.mount(type, options);
        } catch (IllegalArgumentException e) {
            throw new ScriptException(e.getMessage());
        }
        mounts.add(m);
        return rt -> rt.mounts.put(m, rt.kernel().mount(type, options));
    }

    private Step.Action file(String[] t) {
        arity(t, 4, 4, "file F M SIZE");
        String f = name(t[1], "file");
        String m = name(t[2], "mount");
        long size = sizes.parse("size", t[3]);
        if (files.contains(f)) {
            throw new ScriptException("file " + f + " exists already");
        }
        if (!mounts.contains(m)) {
            throw new ScriptException("no mount named " + m);
        }
        files.add(f);
        mapped = true;
        return rt -> {
            FileHandle h = rt.mounts.get(m).create(f);
            h.truncate(size);
            rt.files.put(f, h);
        };
    }

    private Step.Action truncate(String[] t) {
        arity(t, 3, 3, "truncate F SIZE");
        String f = existingFile(t[1]);
        long size = sizes.parse("size", t[2]);
        return rt -> rt.files.get(f).truncate(size);
    }

    private Step.Action punch(String[] t) {
        arity(t, 4, 4, "punch F OFF LEN");
        String f = existingFile(t[1]);
        long off = sizes.parse("offset", t[2]);
        long len = positive(sizes.parse("length", t[3]), t[3]);
        return rt -> rt.files.get(f).punchHole(off, len);
    }

    private Step.Action map(String[] t) {
        arity(t, 5, Integer.MAX_VALUE, "map P R anon LEN [prot=PROT] [private|shared] [shift=OFF]"
                + " or map P R file F LEN [off=OFF] [prot=PROT] [private|shared] [shift=OFF]");
        String p = liveProc(t[1]);
        String r = name(t[2], "region");
        if (procs.get(p).containsKey(r)) {
            throw new ScriptException("region " + r + " of " + p + " exists already");
        }
        boolean anon = t[3].equals("anon");
        if (!anon && !t[3].equals("file")) {
            throw new ScriptException("map " + t[3] + ": expected anon or file");
        }
        String f = anon ? null : existingFile(t.length > 4 ? t[4] : "");
        int lenAt = anon ? 4 : 5;
        if (t.length <= lenAt) {
            throw new ScriptException("map: expected a length");
        }
        long len = positive(sizes.parse("length", t[lenAt]), t[lenAt]);
        int prot = Process.PROT_READ | Process.PROT_WRITE;
        boolean shared = !anon;
        long shift = 0;
        long off = 0;
        for (int i = lenAt + 1; i < t.length; i++) {
            String[] kv = t[i].split("=", 2);
            switch (kv[0]) {
                case "private" -> shared = false;
                case "shared" -> shared = true;
                case "prot" -> prot = prot(value(kv, t[i]));
                case "shift" -> shift = sizes.pages("shift", value(kv, t[i]));
                case "off" -> {
                    if (anon) {
                        throw new ScriptException("off= is for file mappings");
                    }
                    off = sizes.pages("offset", value(kv, t[i]));
                }
                default -> throw new ScriptException("map option '" + t[i]
                        + "': expected prot=PROT, private, shared, shift=OFF" + (anon ? "" : " or off=OFF"));
            }
        }
        procs.get(p).put(r, len);
        mapped = true;
        long sh = shift;
        long o = off;
        int pr = prot;
        boolean sd = shared;
        return rt -> {
            ScriptRuntime.Proc proc = rt.proc(p);
            long start = rt.reserve(len, sh);
            if (f != null) {
                proc.process.mmapFile(start, len, pr, sd, rt.files.get(f), o);
            } else if (sd) {
                proc.process.mmapSharedAnonymous(start, len, pr);
            } else {
                proc.process.mmapAnonymous(start, len, pr);
            }
            proc.regions.put(r, new ScriptRuntime.Region(start, len));
        };
    }

    private Step.Action madvise(String[] t) {
        arity(t, 6, 6, "madvise P R OFF LEN ADVICE");
        long[] range = range(t, true);
        Process.Advice advice = switch (t[5]) {
            case "hugepage" -> Process.Advice.HUGEPAGE;
            case "nohugepage" -> Process.Advice.NOHUGEPAGE;
            case "dontneed" -> Process.Advice.DONTNEED;
            case "collapse" -> Process.Advice.COLLAPSE;
            case "remove" -> Process.Advice.REMOVE;
            default -> throw new ScriptException("madvise " + t[5]
                    + ": expected hugepage, nohugepage, dontneed, collapse or remove");
        };
        return rt -> {
            ScriptRuntime.Region reg = rt.proc(t[1]).regions.get(t[2]);
            rt.proc(t[1]).process.madvise(reg.start + range[0], range[1], advice);
        };
    }

    private Step.Action mprotect(String[] t) {
        arity(t, 6, 6, "mprotect P R OFF LEN PROT");
        long[] range = range(t, true);
        int prot = prot(t[5]);
        return rt -> {
            ScriptRuntime.Region reg = rt.proc(t[1]).regions.get(t[2]);
            rt.proc(t[1]).process.mprotect(reg.start + range[0], range[1], prot);
        };
    }

    private Step.Action munmap(String[] t) {
        arity(t, 5, 5, "munmap P R OFF LEN");
        long[] range = range(t, true);
        return rt -> {
            ScriptRuntime.Region reg = rt.proc(t[1]).regions.get(t[2]);
            rt.proc(t[1]).process.munmap(reg.start + range[0], range[1]);
        };
    }

    private Step.Action mremap(String[] t) {
        arity(t, 4, 6, "mremap P R NEWR [len=LEN] [shift=OFF]");
        String p = liveProc(t[1]);
        String r = region(p, t[2]);
        String nr = name(t[3], "region");
        if (!nr.equals(r) && procs.get(p).containsKey(nr)) {
            throw new ScriptException("mremap to " + nr + ": expected a new region name, or " + r + " itself");
        }
        long oldLen = procs.get(p).get(r);
        long newLen = oldLen;
        long shift = 0;
        for (int i = 4; i < t.length; i++) {
            String[] kv = t[i].split("=", 2);
            switch (kv[0]) {
                case "len" -> newLen = positive(sizes.pages("length", value(kv, t[i])), t[i]);
                case "shift" -> shift = sizes.pages("shift", value(kv, t[i]));
                default -> throw new ScriptException("mremap option '" + t[i] + "': expected len=LEN or shift=OFF");
            }
        }
        procs.get(p).remove(r);
        procs.get(p).put(nr, newLen);
        long len = newLen;
        long sh = shift;
        return rt -> {
            ScriptRuntime.Proc proc = rt.proc(p);
            ScriptRuntime.Region old = proc.regions.remove(r);
            long start = rt.reserve(len, sh);
            proc.regions.put(nr, new ScriptRuntime.Region(start, len));
            proc.process.mremap(old.start, old.length, start, len);
        };
    }

    private Step.Action access(String[] t) {
        boolean verify = t[0].equals("verify");
        arity(t, 5, verify ? 6 : 6, t[0] + " P R OFF LEN" + (verify ? " VAL" : t[0].equals("write") ? " [VAL]" : ""));
        if (t[0].equals("read") && t.length != 5) {
            throw new ScriptException("read takes P R OFF LEN");
        }
        if (verify && t.length != 6) {
            throw new ScriptException("verify takes P R OFF LEN VAL");
        }
        long[] range = range(t, false);
        int val = t.length == 6 ? byteValue(t[5]) : 1;
        boolean write = t[0].equals("write");
        return rt -> {
            ScriptRuntime.Proc proc = rt.proc(t[1]);
            ScriptRuntime.Region reg = proc.regions.get(t[2]);
            long start = reg.start + range[0];
            Process.PagesAccess r = write ? proc.process.storePages(start, range[1], val)
                    : proc.process.verifyPages(start, range[1], val);
            if (r.access() == Access.SEGV || r.access() == Access.SIGBUS) {
                rt.out.println((r.access() == Access.SEGV ? "segv " : "sigbus ") + t[1] + " " + t[2] + " "
                        + (r.failedAt() - reg.start));
                return;
            }
            if (r.access() == Access.OOM) {
                throw new IllegalStateException("out of simulated memory at offset " + (r.failedAt() - reg.start)
                        + " of " + t[2]);
            }
            if (verify) {
                rt.out.println("verify " + t[1] + " " + t[2] + " " + range[0] + " " + range[1] + " " + val + " bad="
                        + r.mismatches());
            }
        };
    }

    private Step.Action fork(String[] t) {
        arity(t, 3, 3, "fork P C");
        String p = liveProc(t[1]);
        String c = name(t[2], "process");
        if (procs.containsKey(c)) {
            throw new ScriptException("process " + c + " is alive already");
        }
        procs.put(c, new HashMap<>(procs.get(p)));
        return rt -> {
            ScriptRuntime.Proc parent = rt.proc(p);
            ScriptRuntime.Proc child = new ScriptRuntime.Proc(parent.process.fork());
            parent.regions.forEach((name, reg) -> child.regions.put(name, new ScriptRuntime.Region(reg.start,
                    reg.length)));
            rt.procs.put(c, child);
        };
    }

    private Step.Action exit(String[] t) {
        arity(t, 2, 2, "exit P");
        String p = liveProc(t[1]);
        procs.remove(p);
        return rt -> {
            rt.proc(p).process.exit();
            rt.procs.remove(p);
        };
    }

    private Step.Action smaps(String[] t) {
        arity(t, 3, 3, "smaps P R");
        String p = liveProc(t[1]);
        String r = region(p, t[2]);
        return rt -> {
            Smaps s = smapsOf(rt, p, r);
            rt.out.printf("smaps %s %s Size=%d Rss=%d Anonymous=%d AnonHugePages=%d ShmemPmdMapped=%d%n", p, r,
                    s.size() >> 10, s.rss() >> 10, s.anonymous() >> 10, s.anonHugePages() >> 10,
                    s.shmemPmdMapped() >> 10);
        };
    }

    private static Smaps smapsOf(ScriptRuntime rt, String p, String r) {
        ScriptRuntime.Proc proc = rt.proc(p);
        ScriptRuntime.Region reg = proc.regions.get(r);
        return proc.process.smaps(reg.start, reg.length);
    }

    private Step.Action meminfo(String[] t) {
        arity(t, 1, 1, "meminfo");
        return rt -> {
            Meminfo m = rt.kernel().meminfo();
            rt.out.printf("meminfo AnonHugePages=%d ShmemHugePages=%d ShmemPmdMapped=%d Shmem=%d%n",
                    m.anonHugePages() >> 10, m.shmemHugePages() >> 10, m.shmemPmdMapped() >> 10, m.shmem() >> 10);
        };
    }

    private Step.Action expect(String[] t) {
        arity(t, 3, Integer.MAX_VALUE, "expect smaps P R FIELD=KB... or expect meminfo FIELD=KB...");
        boolean smaps = t[1].equals("smaps");
        if (!smaps && !t[1].equals("meminfo")) {
            throw new ScriptException("expect " + t[1] + ": expected smaps or meminfo");
        }
        String p = smaps ? liveProc(t[2]) : null;
        String r = smaps ? region(p, t.length > 3 ? t[3] : "") : null;
        Map<String, Long> wanted = new LinkedHashMap<>();
        List<String> fields = smaps ? SMAPS_FIELDS : MEMINFO_FIELDS;
        for (int i = smaps ? 4 : 2; i < t.length; i++) {
            String[] kv = t[i].split("=", 2);
            if (!fields.contains(kv[0]) || kv.length != 2 || !kv[1].matches("\\d{1,18}")) {
                throw new ScriptException("expect field '" + t[i] + "': expected FIELD=KB with FIELD one of " + fields);
            }
            wanted.put(kv[0], Long.parseLong(kv[1]));
        }
        if (wanted.isEmpty()) {
            throw new ScriptException("expect: expected at least one FIELD=KB");
        }
        return rt -> {
            Map<String, Long> got = new HashMap<>();
            if (smaps) {
                Smaps s = smapsOf(rt, p, r);
                got.put("Size", s.size() >> 10);
                got.put("Rss", s.rss() >> 10);
                got.put("Anonymous", s.anonymous() >> 10);
                got.put("AnonHugePages", s.anonHugePages() >> 10);
                got.put("ShmemPmdMapped", s.shmemPmdMapped() >> 10);
            } else {
                Meminfo m = rt.kernel().meminfo();
                got.put("AnonHugePages", m.anonHugePages() >> 10);
                got.put("ShmemHugePages", m.shmemHugePages() >> 10);
                got.put("ShmemPmdMapped", m.shmemPmdMapped() >> 10);
                got.put("Shmem", m.shmem() >> 10);
            }
            wanted.forEach((field, want) -> {
                if (!got.get(field).equals(want)) {
                    rt.err.println("expect failed at " + rt.line + ": " + field + "=" + got.get(field) + ", wanted "
                            + want);
                    rt.expectFailures++;
                }
            });
        };
    }

    private Step.Action echo(String[] t) {
        String text = String.join(" ", java.util.Arrays.copyOfRange(t, 1, t.length));
        return rt -> rt.out.println(text.isEmpty() ? "echo" : "echo " + text);
    }

    private Step.Action layout(String[] t) {
        arity(t, 3, 3, "layout P R");
        String p = liveProc(t[1]);
        String r = region(p, t[2]);
        return rt -> {
            ScriptRuntime.Proc proc = rt.proc(p);
            ScriptRuntime.Region reg = proc.regions.get(r);
            rt.out.println("layout " + p + " " + r + " " + proc.process.layout(reg.start, reg.length));
        };
    }

    // ------------------------------------------------------------------ checks

    private static void arity(String[] t, int min, int max, String usage) {
        if (t.length < min || t.length > max) {
            throw new ScriptException(t[0] + ": expected " + usage);
        }
    }

    private static String name(String s, String what) {
        if (!NAME.matcher(s).matches()) {
            throw new ScriptException("bad " + what + " name '" + s + "': expected letters, digits, '_' and '-',"
                    + " not starting with a digit or '-'");
        }
        return s;
    }

    private String liveProc(String s) {
        name(s, "process");
        if (!procs.containsKey(s)) {
            throw new ScriptException("no live process named " + s);
        }
        return s;
    }

    private String region(String p, String s) {
        name(s, "region");
        if (!procs.get(p).containsKey(s)) {
            throw new ScriptException("process " + p + " has no region named " + s);
        }
        return s;
    }

    private String existingFile(String s) {
        name(s, "file");
        if (!files.contains(s)) {
            throw new ScriptException("no file named " + s);
        }
        return s;
    }

    /** P R OFF LEN: page multiples, LEN above 0, inside the region at its length now. */
    private long[] range(String[] t, boolean positiveLen) {
        String p = liveProc(t[1]);
        String r = region(p, t[2]);
        long off = sizes.pages("offset", t[3]);
        long len = sizes.pages("length", t[4]);
        if (positiveLen) {
            positive(len, t[4]);
        }
        long regionLen = procs.get(p).get(r);
        if (off + len > regionLen) {
            throw new ScriptException("range " + t[3] + " " + t[4] + " reaches past the end of region " + r
                    + " (" + regionLen + " bytes)");
        }
        return new long[] {off, len};
    }

    private static long positive(long v, String text) {
        if (v <= 0) {
            throw new ScriptException("length " + text + ": expected more than 0");
        }
        return v;
    }

    private static int prot(String s) {
        return switch (s) {
            case "none" -> Process.PROT_NONE;
            case "r" -> Process.PROT_READ;
            case "rw" -> Process.PROT_READ | Process.PROT_WRITE;
            default -> throw new ScriptException("bad protection '" + s + "': expected none, r or rw");
        };
    }

    private static int byteValue(String s) {
        if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > 255) {
            throw new ScriptException("bad value '" + s + "': expected an integer from 0 to 255");
        }
        return Integer.parseInt(s);
    }

    private static String value(String[] kv, String token) {
        if (kv.length != 2 || kv[1].isEmpty()) {
            throw new ScriptException("'" + token + "': expected KEY=VALUE");
        }
        return kv[1];
    }

    private static Map<String, String> options(String[] t, int from) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = from; i < t.length; i++) {
            String[] kv = t[i].split("=", 2);
            value(kv, t[i]);
            out.put(kv[0], kv[1]);
        }
        return out;
    }
}
