package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a script file: UTF-8 only, a leading byte-order mark skipped, every line ending. */
class ScriptSourceTests {

    private static List<String> lines(byte[] bytes) {
        return ScriptSource.lines("S", bytes);
    }

    @Test
    void linesEndAtAnyLineEndingAndALeadingBomIsSkipped() {
        assertEquals(List.of("thp enabled=never", "", "meminfo", "echo é"),
                lines("\uFEFFthp enabled=never\r\n\rmeminfo\necho é\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), lines(new byte[0]));
        assertEquals(List.of("a", "\uFEFFb"), lines("a\n\uFEFFb".getBytes(StandardCharsets.UTF_8)),
                "only a leading mark is one");
    }

    @Test
    void aByteThatIsNotUtf8IsRefusedWithItsLineAndPlace() {
        byte[] latin1 = "map p0 A anon 4K\n# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("S:2: byte 6 of the line (0xE9) is not UTF-8: expected a UTF-8 text file",
                assertThrows(ScriptSource.Unreadable.class, () -> lines(latin1)).getMessage());
        assertEquals("S:1: byte 1 of the line (0xFF) is not UTF-8: expected a UTF-8 text file",
                assertThrows(ScriptSource.Unreadable.class, () -> lines(new byte[] {(byte) 0xFF, 0})).getMessage());
    }

    @Test
    void aFileThatCannotBeReadIsOneLine(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("gone.wl");
        assertEquals(missing + ": cannot read the script: no such file",
                assertThrows(ScriptSource.Unreadable.class, () -> ScriptSource.read(missing)).getMessage());
        assertEquals(List.of("meminfo"), ScriptSource.read(Files.writeString(dir.resolve("ok.wl"), "meminfo\n")));
    }
}
