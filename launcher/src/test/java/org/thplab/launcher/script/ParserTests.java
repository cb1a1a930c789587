package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thplab.mm.Process;

/** The records the parser reads lines into, and what it refuses before any name is looked up. */
class ParserTests {
    private static final int RW = Process.PROT_READ | Process.PROT_WRITE;
    private final Parser parser = new Parser(new Sizes(TestGeometry.X86));

    private Command parse(String line) {
        return parser.parse(7, Lexer.words(line));
    }

    @Test
    void mapsReadTheirDefaultsAndOptionsInBytes() {
        assertEquals(new Command.Map(7, "p0", "A", null, 4 << 20, RW, false, 0, 0), parse("map p0 A anon 2pmd"));
        assertEquals(new Command.Map(7, "p0", "B", "F", 8192, Process.PROT_READ, true, 4096, 1 << 20),
                parse("map p0 B file F 2page off=1M prot=r shift=4K  # a comment"));
        assertEquals(new Command.Map(7, "p1", "C", null, 4096, RW, true, 0, 0), parse("map\tp1 C anon 4K shared"));
    }

    @Test
    void rangeCommandsKeepTheirWordsForMessages() {
        Command.RegionRange range = new Command.RegionRange("p0", "A", 4096, 8192, "1page", "8K");
        assertEquals(new Command.Madvise(7, range, Process.Advice.COLLAPSE), parse("madvise p0 A 1page 8K collapse"));
        assertEquals(new Command.Mprotect(7, range, Process.PROT_NONE), parse("mprotect p0 A 1page 8K none"));
        assertEquals(new Command.Munmap(7, range), parse("munmap p0 A 1page 8K"));
        assertEquals(new Command.Access(7, Command.Access.Kind.WRITE, range, 1), parse("write p0 A 1page 8K"));
        assertEquals(new Command.Access(7, Command.Access.Kind.VERIFY, range, 9), parse("verify p0 A 1page 8K 9"));
        assertEquals("verify", parse("verify p0 A 1page 8K 9").word());
        assertEquals(new Command.Access(7, Command.Access.Kind.VERIFY, range, 9, 2), parse("verify p0 A 1page 8K 9 bad=2"));
    }

    @Test
    void theOtherCommands() {
        assertEquals(new Command.Thp(7, Map.of("enabled", "never", "max_ptes_none", "0")),
                parse("thp enabled=never max_ptes_none=0"));
        assertEquals(new Command.Mount(7, "M", "ramfs", Map.of("huge", "always")),
                parse("mount M huge=always type=ramfs"));
        assertEquals(new Command.Mount(7, "M", "tmpfs", Map.of()), parse("mount M"));
        assertEquals(new Command.File(7, "F", "M", 3 << 21), parse("file F M 3pmd"));
        assertEquals(new Command.Mremap(7, "p0", "A", "B", -1, 0), parse("mremap p0 A B"));
        assertEquals(new Command.Mremap(7, "p0", "A", "A", 8192, 4096), parse("mremap p0 A A shift=4K len=2page"));
        assertEquals(new Command.Expect(7, "p0", "A", Map.of("Rss", 4L, "Size", 8L)),
                parse("expect smaps p0 A Rss=4 Size=8"));
        assertEquals(new Command.Expect(7, null, null, Map.of("Shmem", 0L)), parse("expect meminfo Shmem=0"));
        assertEquals(new Command.Echo(7, "a b"), parse("echo a   b"));
        assertEquals(new Command.Memory(7, 1L << 30, "1G"), parse("memory 1G"));
        assertEquals("khugepaged", parse("khugepaged").word());
    }

    @Test
    void thpKeepsTheScriptsOrder() {
        Command.Thp thp = (Command.Thp) parse("thp use_zero_page=0 enabled=never defrag=defer");
        assertEquals(java.util.List.of("use_zero_page", "enabled", "defrag"), java.util.List.copyOf(thp.knobs().keySet()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map p0 A anon 0|length 0: expected more than 0",
        "map p0 A anon 4K off=4K|off= is for file mappings",
        "map p0 A anon 4K zork|map option 'zork': expected prot=PROT, private, shared, shift=OFF",
        "munmap p0 A 1 4K|offset 1 must be a multiple of the page size 4096",
        "write p0 A 0 4K 256|bad value '256': expected an integer from 0 to 255",
        "read p0 A 0 4K 1|read takes P R OFF LEN",
        "verify p0 A 0 4K 1 bad=x|verify's assertion 'bad=x': expected bad=N, N a whole number",
        "verify p0 A 0 4K|verify takes P R OFF LEN VAL [bad=N]",
        "write p0 A 0 4K 1 bad=0|write: expected write P R OFF LEN [VAL]",
        "expect smaps p0 A Foo=1|expect field 'Foo=1': expected FIELD=KB with FIELD one of"
                + " [Size, Rss, Anonymous, AnonHugePages, ShmemPmdMapped]",
        "fork 0p q|bad process name '0p': expected letters, digits, '_' and '-', not starting with a digit or '-'",
        "frob|unknown command 'frob': expected thp, memory, mount, file, truncate, punch, map, madvise, mprotect,"
                + " mremap, munmap, read, write, verify, fork, exit, smaps, meminfo, expect, echo, layout,"
                + " khugepaged, settle or reclaim"})
    void malformedLinesAreRefusedNamingWhatWasExpected(String line, String message) {
        assertEquals(message, assertThrows(ScriptException.class, () -> parse(line)).getMessage());
    }

    @Test
    void aMalformedLineCarriesTheNamesReadBeforeTheBadWord() {
        ScriptException e = assertThrows(ScriptException.class, () -> parse("map p0 A file F 0"));
        assertEquals(new Command.Map(7, "p0", "A", "F", -1, 0, false, 0, 0), e.partial());
        e = assertThrows(ScriptException.class, () -> parse("map p0 -A anon 4K"));
        assertEquals(new Command.Map(7, "p0", null, null, -1, 0, false, 0, 0), e.partial());
        e = assertThrows(ScriptException.class, () -> parse("write p0 A 0 4K x"));
        assertEquals(new Command.Access(7, Command.Access.Kind.WRITE,
                new Command.RegionRange("p0", "A", 0, 4096, "0", "4K"), -1), e.partial());
        e = assertThrows(ScriptException.class, () -> parse("mount M huge"));
        assertEquals(new Command.Mount(7, "M", null, null), e.partial());
        assertNull(assertThrows(ScriptException.class, () -> parse("file F M x")).partial(),
                "file reads all its words before looking any name up");
    }
}
