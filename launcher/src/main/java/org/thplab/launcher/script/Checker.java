package org.thplab.launcher.script;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.thplab.api.arch.Geometry;

/**
 * The rules a parsed command must meet given the commands before it: names exist (or do not
 * yet), ranges lie inside their region at its length at that point, {@code memory} comes
 * first, knobs and mount options are ones the plugins declare. It follows the script as it
 * would leave things, and runs nothing.
 */
final class Checker {
    private final Geometry g;
    private final PluginDeclarations declarations;
    /** Each live process's regions and their lengths now. */
    private final Map<String, Map<String, Long>> procs = new HashMap<>();
    private final Set<String> mounts = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private boolean mapped;
    /** Names that lines which failed would have made: their later use is no new error. */
    private final Set<String> failedMounts = new HashSet<>();
    private final Set<String> failedFiles = new HashSet<>();
    private final Set<String> failedProcs = new HashSet<>();
    /** Per live process, regions whose map or mremap failed. */
    private final Map<String, Set<String>> failedRegions = new HashMap<>();

    Checker(Geometry g, PluginDeclarations declarations) {
        this.g = g;
        this.declarations = declarations;
        procs.put("p0", new HashMap<>());
    }

    /** Checks {@code c} and records what it makes or removes. */
    void check(Command c) {
        checkNames(c);
        if (c instanceof Command.Thp thp) {
            thp.knobs().forEach(declarations::checkKnob);
        } else if (c instanceof Command.Memory m) {
            memory(m);
        } else if (c instanceof Command.Mount m) {
            declarations.checkMount(m.type(), m.options());
            mounts.add(m.name());
            failedMounts.remove(m.name());
        } else if (c instanceof Command.File f) {
            files.add(f.name());
            failedFiles.remove(f.name());
            mapped = true;
        } else if (c instanceof Command.Map m) {
            procs.get(m.proc()).put(m.region(), m.length());
            failedRegions(m.proc()).remove(m.region());
            mapped = true;
        } else if (c instanceof Command.Mremap m) {
            Map<String, Long> regions = procs.get(m.proc());
            long len = m.length() < 0 ? regions.get(m.region()) : m.length();
            regions.remove(m.region());
            regions.put(m.newRegion(), len);
            failedRegions(m.proc()).remove(m.newRegion());
        } else if (c instanceof Command.Fork f) {
            procs.put(f.child(), new HashMap<>(procs.get(f.parent())));
            failedProcs.remove(f.child());
            failedRegions.put(f.child(), new HashSet<>(failedRegions(f.parent())));
        } else if (c instanceof Command.Exit e) {
            procs.remove(e.proc());
            failedRegions.remove(e.proc());
        }
    }

    /**
     * The line of {@code c} (complete or partial) failed: the names it would have made, and that
     * do not exist, are remembered so that their later use reports nothing new.
     */
    void failed(Command c) {
        if (c instanceof Command.Mount m && m.name() != null && !mounts.contains(m.name())) {
            failedMounts.add(m.name());
        } else if (c instanceof Command.File f && !files.contains(f.name())) {
            failedFiles.add(f.name());
        } else if (c instanceof Command.Fork f && f.child() != null && !procs.containsKey(f.child())) {
            failedProcs.add(f.child());
        } else if (c instanceof Command.Map m && m.region() != null) {
            failedRegion(m.proc(), m.region());
        } else if (c instanceof Command.Mremap m && m.newRegion() != null) {
            failedRegion(m.proc(), m.newRegion());
        }
    }

    private void failedRegion(String p, String r) {
        if (procs.containsKey(p) && !procs.get(p).containsKey(r)) {
            failedRegions(p).add(r);
        }
    }

    private Set<String> failedRegions(String p) {
        return failedRegions.computeIfAbsent(p, k -> new HashSet<>());
    }

    /**
     * Checks the names and ranges of {@code c}, complete or {@link ScriptException#partial()}
     * (null names and negative sizes were not read), in the order the words come.
     */
    void checkNames(Command c) {
        if (c instanceof Command.Mount m && mounts.contains(m.name())) {
            throw new ScriptException("mount " + m.name() + " exists already");
        } else if (c instanceof Command.File f) {
            if (files.contains(f.name())) {
                throw new ScriptException("file " + f.name() + " exists already");
            }
            if (!mounts.contains(f.mount())) {
                throw missing(failedMounts.contains(f.mount()), "no mount named " + f.mount());
            }
        } else if (c instanceof Command.Truncate t) {
            file(t.file());
        } else if (c instanceof Command.Punch p) {
            file(p.file());
        } else if (c instanceof Command.Map m) {
            liveProc(m.proc());
            if (m.region() != null && procs.get(m.proc()).containsKey(m.region())) {
                throw new ScriptException("region " + m.region() + " of " + m.proc() + " exists already");
            }
            file(m.file());
        } else if (c instanceof Command.Madvise m) {
            range(m.range());
        } else if (c instanceof Command.Mprotect m) {
            range(m.range());
        } else if (c instanceof Command.Munmap m) {
            range(m.range());
        } else if (c instanceof Command.Access a) {
            range(a.range());
        } else if (c instanceof Command.Mremap m) {
            region(m.proc(), m.region());
            if (m.newRegion() != null && !m.newRegion().equals(m.region())
                    && procs.get(m.proc()).containsKey(m.newRegion())) {
                throw new ScriptException("mremap to " + m.newRegion() + ": expected a new region name, or "
                        + m.region() + " itself");
            }
        } else if (c instanceof Command.Fork f) {
            liveProc(f.parent());
            if (f.child() != null && procs.containsKey(f.child())) {
                throw new ScriptException("process " + f.child() + " is alive already");
            }
        } else if (c instanceof Command.Exit e) {
            liveProc(e.proc());
        } else if (c instanceof Command.Smaps s) {
            region(s.proc(), s.region());
        } else if (c instanceof Command.Layout l) {
            region(l.proc(), l.region());
        } else if (c instanceof Command.Expect e && e.proc() != null) {
            region(e.proc(), e.region());
        }
    }

    private void memory(Command.Memory m) {
        if (mapped) {
            throw new ScriptException("memory must come before the first map or file");
        }
        if (m.bytes() <= 0 || m.bytes() % g.pmdSize() != 0) {
            throw new ScriptException("memory " + m.text() + ": expected a positive multiple of the PMD size "
                    + g.pmdSize());
        }
    }

    private void liveProc(String p) {
        if (!procs.containsKey(p)) {
            throw missing(failedProcs.contains(p), "no live process named " + p);
        }
    }

    /** Process {@code p} is alive and has region {@code r} (if read). */
    private void region(String p, String r) {
        liveProc(p);
        if (r != null && !procs.get(p).containsKey(r)) {
            throw missing(failedRegions(p).contains(r), "process " + p + " has no region named " + r);
        }
    }

    /** File {@code f} exists, if it was read. */
    private void file(String f) {
        if (f != null && !files.contains(f)) {
            throw missing(failedFiles.contains(f), "no file named " + f);
        }
    }

    /** A name that does not exist: a consequence if the line that would have made it failed. */
    private static ScriptException missing(boolean itsLineFailed, String message) {
        return itsLineFailed ? ScriptException.consequence(message) : new ScriptException(message);
    }

    /** The range lies inside its region at the region's length now. */
    private void range(Command.RegionRange r) {
        region(r.proc(), r.region());
        if (r.offset() < 0) {
            return;
        }
        long regionLen = procs.get(r.proc()).get(r.region());
        if (r.offset() + r.length() > regionLen) {
            throw new ScriptException("range " + r.offText() + " " + r.lenText() + " reaches past the end of region "
                    + r.region() + " (" + regionLen + " bytes)");
        }
    }
}
