package org.thplab.launcher.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.api.fs.DeclaredOption;

class GeneratorTests {
    private static final Vocabulary X86 = new Vocabulary(512,
            List.of(new Vocabulary.Filesystem("tmpfs", List.of(DeclaredOption.words("huge", "never", "always"),
                    DeclaredOption.size("size")))),
            List.of(DeclaredOption.words("enabled", "always", "madvise", "never"),
                    DeclaredOption.number("max_ptes_none", 0, 511), Vocabulary.SHMEM_ENABLED));

    @Test
    void aSeedAlwaysWritesOneScriptAndItsModelAgreesWithItsReplay() {
        for (long seed = 0; seed < 200; seed++) {
            List<String> script = Generator.script(X86, seed, 60);
            assertEquals(script, Generator.script(X86, seed, 60), "seed " + seed);
            assertEquals(script, ByteModel.replay(512, script), "seed " + seed + ": a replay restates nothing");
            assertEquals("memory 64pmd", script.get(0));
            assertTrue(script.stream().noneMatch(l -> l.contains("size=")), "no size limit the model cannot follow");
        }
    }

    @Test
    void everyKindOfCommandIsDrawn() {
        String all = String.join("\n", java.util.stream.LongStream.range(0, 50)
                .mapToObj(s -> String.join("\n", Generator.script(X86, s, 60))).toList());
        for (String word : List.of("thp ", "mount ", "file ", "map ", "write ", "read ", "verify ", "fork ", "exit ",
                "mprotect ", "munmap ", "mremap ", "madvise ", "truncate ", "punch ", "khugepaged", "settle",
                "reclaim", " hugepage", " nohugepage", " dontneed", " collapse", " remove", " shared", " private",
                "type=tmpfs huge=")) {
            assertTrue(all.contains(word), word);
        }
        assertTrue(all.lines().anyMatch(l -> l.matches("verify .* bad=[1-9]\\d*")),
                "some verifies expect pages to differ");
    }
}
