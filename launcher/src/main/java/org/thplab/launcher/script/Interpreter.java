package org.thplab.launcher.script;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.thplab.mm.Access;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Process;
import org.thplab.mm.Smaps;

/**
 * Runs checked commands against the memory manager's facade ({@link org.thplab.mm.Kernel},
 * {@link Process}), printing the lines of {@code smaps}, {@code meminfo}, {@code verify},
 * {@code layout}, {@code echo} and of accesses that fault.
 */
final class Interpreter {
    /** PMDs accessed between two looks at the progress: small enough to be seen, big enough to cost nothing. */
    private static final long CHUNK_PMDS = 64;
    private final ScriptRuntime rt;

    Interpreter(ScriptRuntime rt) {
        this.rt = rt;
    }

    /**
     * Runs {@code c}.
     *
     * @throws IllegalArgumentException or IllegalStateException if the memory manager refused it
     */
    void run(Command c) {
        if (c instanceof Command.Thp thp) {
            thp.knobs().forEach((k, v) -> rt.setThp(thp.line(), k, v));
        } else if (c instanceof Command.Memory m) {
            rt.setMemory(m.bytes());
        } else if (c instanceof Command.Mount m) {
            rt.mounts.put(m.name(), rt.kernel().mount(m.type(), m.options()));
        } else if (c instanceof Command.File f) {
            FileHandle h = rt.mount(f.mount()).create(f.name());
            h.truncate(f.size());
            rt.files.put(f.name(), h);
        } else if (c instanceof Command.Truncate t) {
            rt.file(t.file()).truncate(t.size());
        } else if (c instanceof Command.Punch p) {
            rt.file(p.file()).punchHole(p.offset(), p.length());
        } else if (c instanceof Command.Map m) {
            map(m);
        } else if (c instanceof Command.Madvise m) {
            rt.proc(m.range().proc()).process.madvise(start(m.range()), m.range().length(), m.advice());
        } else if (c instanceof Command.Mprotect m) {
            rt.proc(m.range().proc()).process.mprotect(start(m.range()), m.range().length(), m.prot());
        } else if (c instanceof Command.Munmap m) {
            munmap(m);
        } else if (c instanceof Command.Mremap m) {
            mremap(m);
        } else if (c instanceof Command.Access a) {
            access(a);
        } else if (c instanceof Command.Fork f) {
            fork(f);
        } else if (c instanceof Command.Exit e) {
            ScriptRuntime.Proc proc = rt.proc(e.proc());
            proc.process.exit();
            rt.procs.remove(e.proc());
            List.copyOf(proc.held).forEach(start -> rt.release(proc, start));
        } else if (c instanceof Command.Smaps s) {
            rt.out.println(ProcFormat.SMAPS.line("smaps " + s.proc() + " " + s.region(), smaps(s.proc(), s.region())));
        } else if (c instanceof Command.Meminfo) {
            rt.out.println(ProcFormat.MEMINFO.line("meminfo", rt.kernel().meminfo()));
        } else if (c instanceof Command.Expect e) {
            expect(e);
        } else if (c instanceof Command.Echo e) {
            rt.out.println(e.text().isEmpty() ? "echo" : "echo " + e.text());
        } else if (c instanceof Command.Layout l) {
            ScriptRuntime.Region reg = rt.region(l.proc(), l.region());
            rt.out.println("layout " + l.proc() + " " + l.region() + " "
                    + rt.layoutForm.show(rt.proc(l.proc()).process.layout(reg.start, reg.length)));
        } else if (c instanceof Command.Khugepaged) {
            rt.kernel().khugepaged();
        } else if (c instanceof Command.Reclaim) {
            rt.kernel().reclaim();
        } else if (c instanceof Command.Settle) {
            rt.kernel().settle();
        }
    }

    private void map(Command.Map m) {
        ScriptRuntime.Proc proc = rt.proc(m.proc());
        FileHandle file = m.file() == null ? null : rt.file(m.file());
        long start = rt.reserve(proc, m.length(), m.shift());
        if (file != null) {
            proc.process.mmapFile(start, m.length(), m.prot(), m.shared(), file, m.offset());
        } else if (m.shared()) {
            proc.process.mmapSharedAnonymous(start, m.length(), m.prot());
        } else {
            proc.process.mmapAnonymous(start, m.length(), m.prot());
        }
        proc.regions.put(m.region(), new ScriptRuntime.Region(start, m.length()));
    }

    private void mremap(Command.Mremap m) {
        ScriptRuntime.Proc proc = rt.proc(m.proc());
        ScriptRuntime.Region old = rt.region(m.proc(), m.region());
        long len = m.length() < 0 ? old.length : m.length();
        long start = rt.reserve(proc, len, m.shift());
        proc.regions.remove(m.region());
        proc.regions.put(m.newRegion(), new ScriptRuntime.Region(start, len));
        proc.process.mremap(old.start, old.length, start, len);
        rt.release(proc, old.start); // mremap moved all of it: its old range is a hole now
    }

    private void access(Command.Access a) {
        Command.RegionRange r = a.range();
        Process process = rt.proc(r.proc()).process;
        ScriptRuntime.Region reg = rt.region(r.proc(), r.region());
        Process.PagesAccess got = accessInChunks(process, a.kind() == Command.Access.Kind.WRITE,
                reg.start + r.offset(), r.length(), a.value());
        if (got.access() == Access.SEGV || got.access() == Access.SIGBUS) {
            String fault = (got.access() == Access.SEGV ? "segv " : "sigbus ") + r.proc() + " " + r.region() + " "
                    + (got.failedAt() - reg.start);
            rt.out.println(fault);
            if (a.wantBad() >= 0) {
                expectFailed(a.line(), fault + ", wanted bad=" + a.wantBad());
            }
            return;
        }
        if (got.access() == Access.OOM) {
            throw new IllegalStateException("out of simulated memory at offset " + (got.failedAt() - reg.start)
                    + " of " + r.region());
        }
        if (a.kind() == Command.Access.Kind.VERIFY) {
            rt.out.println("verify " + r.proc() + " " + r.region() + " " + r.offset() + " " + r.length() + " "
                    + a.value() + " bad=" + got.mismatches());
            if (a.wantBad() >= 0 && got.mismatches() != a.wantBad()) {
                expectFailed(a.line(), "bad=" + got.mismatches() + ", wanted " + a.wantBad());
            }
        }
    }

    /** An assertion of line {@code line} did not hold: {@code what} was found instead. */
    private void expectFailed(int line, String what) {
        rt.err.println("expect failed at " + line + ": " + what);
        rt.expectFailures++;
    }

    /**
     * The pages of {@code [start, start + length)} stored or verified in PMD-aligned chunks, the
     * progress told after each (a long access shows how far it got); ends as one call would.
     */
    private Process.PagesAccess accessInChunks(Process process, boolean write, long start, long length, int value) {
        long chunk = CHUNK_PMDS * rt.arch.geometry().pmdSize();
        long end = start + length;
        long mismatches = 0;
        for (long a = start; a < end; ) {
            long stop = Math.min(end, (a & -chunk) + chunk);
            Process.PagesAccess got = write ? process.storePages(a, stop - a, value)
                    : process.verifyPages(a, stop - a, value);
            mismatches += got.mismatches();
            if (got.access() != Access.OK) {
                return new Process.PagesAccess(got.access(), got.failedAt(), mismatches);
            }
            a = stop;
            rt.progress.within(a - start, length);
        }
        return new Process.PagesAccess(Access.OK, -1, mismatches);
    }

    private void fork(Command.Fork f) {
        ScriptRuntime.Proc parent = rt.proc(f.parent());
        ScriptRuntime.Proc child = new ScriptRuntime.Proc(parent.process.fork());
        parent.regions.forEach((name, reg) -> {
            child.regions.put(name, new ScriptRuntime.Region(reg.start, reg.length));
        });
        parent.held.forEach(start -> {
            child.held.add(start);
            rt.reservations.hold(start);
        });
        rt.procs.put(f.child(), child);
    }

    private void munmap(Command.Munmap m) {
        ScriptRuntime.Region reg = rt.region(m.range().proc(), m.range().region());
        rt.proc(m.range().proc()).process.munmap(start(m.range()), m.range().length());
        if (m.range().offset() == 0 && m.range().length() >= reg.length) {
            rt.release(rt.proc(m.range().proc()), reg.start); // all of it unmapped: this process holds it no more
        }
    }

    private void expect(Command.Expect e) {
        Map<String, Long> got = new HashMap<>();
        if (e.proc() != null) {
            Smaps s = smaps(e.proc(), e.region());
            e.wanted().keySet().forEach(field -> got.put(field, ProcFormat.SMAPS.kB(s, field)));
        } else {
            var m = rt.kernel().meminfo();
            e.wanted().keySet().forEach(field -> got.put(field, ProcFormat.MEMINFO.kB(m, field)));
        }
        e.wanted().forEach((field, want) -> {
            if (!got.get(field).equals(want)) {
                expectFailed(e.line(), field + "=" + got.get(field) + ", wanted " + want);
            }
        });
    }

    private Smaps smaps(String p, String r) {
        ScriptRuntime.Region reg = rt.region(p, r);
        return rt.proc(p).process.smaps(reg.start, reg.length);
    }

    private long start(Command.RegionRange r) {
        return rt.region(r.proc(), r.region()).start + r.offset();
    }
}
