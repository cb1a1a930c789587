package org.thplab.launcher.script;

import java.util.Locale;
import org.thplab.mm.Process;

/**
 * One command of a workload script, as the {@link Parser} read it: names, sizes in bytes and
 * words already parsed. A record whose parse stopped half way (see {@link ScriptException#partial})
 * holds null names and negative sizes for what was not reached.
 */
sealed interface Command {

    /** The script line the command is on, from 1. */
    int line();

    /** The command's word, as messages name it: {@code map}, {@code write}. */
    default String word() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** {@code thp KEY=VALUE...}, in the script's order. */
    record Thp(int line, java.util.Map<String, String> knobs) implements Command { }

    /** {@code memory SIZE}; {@code text} as written, for messages. */
    record Memory(int line, long bytes, String text) implements Command { }

    /** {@code mount M [type=T] [KEY=VALUE...]}; {@code options} without {@code type}. */
    record Mount(int line, String name, String type, java.util.Map<String, String> options) implements Command { }

    /** {@code file F M SIZE}. */
    record File(int line, String name, String mount, long size) implements Command { }

    /** {@code truncate F SIZE}. */
    record Truncate(int line, String file, long size) implements Command { }

    /** {@code punch F OFF LEN}. */
    record Punch(int line, String file, long offset, long length) implements Command { }

    /** {@code map P R anon|file ...}: {@code file} is null for anonymous memory. */
    record Map(int line, String proc, String region, String file, long length, int prot, boolean shared,
               long shift, long offset) implements Command { }

    /** {@code madvise P R OFF LEN ADVICE}. */
    record Madvise(int line, RegionRange range, Process.Advice advice) implements Command { }

    /** {@code mprotect P R OFF LEN PROT}. */
    record Mprotect(int line, RegionRange range, int prot) implements Command { }

    /** {@code munmap P R OFF LEN}. */
    record Munmap(int line, RegionRange range) implements Command { }

    /** {@code mremap P R NEWR [len=LEN] [shift=OFF]}: {@code length} negative keeps the region's. */
    record Mremap(int line, String proc, String region, String newRegion, long length, long shift)
            implements Command { }

    /**
     * {@code read}, {@code write} or {@code verify P R OFF LEN [VAL] [bad=N]}; {@code wantBad} is the
     * count a {@code verify} asserts, or -1 when it asserts nothing.
     */
    record Access(int line, Kind kind, RegionRange range, int value, long wantBad) implements Command {
        /** Which of the three. */
        enum Kind { READ, WRITE, VERIFY }

        /** An access that asserts nothing. */
        Access(int line, Kind kind, RegionRange range, int value) {
            this(line, kind, range, value, -1);
        }

        @Override
        public String word() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code fork P C}. */
    record Fork(int line, String parent, String child) implements Command { }

    /** {@code exit P}. */
    record Exit(int line, String proc) implements Command { }

    /** {@code smaps P R}. */
    record Smaps(int line, String proc, String region) implements Command { }

    /** {@code meminfo}. */
    record Meminfo(int line) implements Command { }

    /** {@code expect smaps P R FIELD=KB...} or ({@code proc} null) {@code expect meminfo FIELD=KB...}. */
    record Expect(int line, String proc, String region, java.util.Map<String, Long> wanted) implements Command { }

    /** {@code echo TEXT...}: the words joined by one space. */
    record Echo(int line, String text) implements Command { }

    /** {@code layout P R}. */
    record Layout(int line, String proc, String region) implements Command { }

    /** {@code khugepaged}. */
    record Khugepaged(int line) implements Command { }

    /** {@code settle}. */
    record Settle(int line) implements Command { }

    /** {@code reclaim}. */
    record Reclaim(int line) implements Command { }

    /**
     * {@code P R OFF LEN} of the commands on part of a region; {@code offText} and
     * {@code lenText} as written, for messages. Negative offset and length: not parsed.
     */
    record RegionRange(String proc, String region, long offset, long length, String offText, String lenText) { }
}
