package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's comparison of the seed and linux-6 is what {@code thplab compare} prints. Until
 * both linux-6 modules are bundled the command must say which one is missing, and the seed's
 * side of the README's table must still be what the seed prints on those script lines; once
 * they are, the whole block must be the real output (update the README from a run then).
 */
class ReadmeCompareIT {
    private static final Path ROOT = TestBundle.ROOT;
    private static final String COMMAND = "$ ./thplab compare --profiles seed,linux-6 examples/compare/cow-after-fork.wl";
    private static final Path PLUGINS = PluginJars.DIST.resolve("plugins");

    @Test
    void theReadmeShowsWhatComparePrints() throws IOException {
        List<String> block = readmeBlock();
        Path script = ROOT.resolve("examples/compare/cow-after-fork.wl");
        CliResult r = CliResult.run("compare", "--profiles", "seed,linux-6", script.toString(), "--plugins-dir",
                PLUGINS.toString());
        if (bundled("org.thplab.fs.shmem.linux6") && bundled("org.thplab.fs.anon.linux6")) {
            assertEquals(String.join("\n", block) + "\n", r.out(), "the README's block, from a real run; stderr: "
                    + r.err());
            assertEquals(1, r.status(), r.err());
            return;
        }
        assertEquals(2, r.status(), r.out());
        assertTrue(r.err().startsWith("thplab: profile linux-6 names module org.thplab.fs."), r.err());

        List<String> lines = Files.readAllLines(script);
        CliResult seed = CliResult.run("run", script.toString(), "--plugins-dir", PLUGINS.toString());
        assertEquals(0, seed.status(), seed.err());
        List<String> seedOut = seed.out().lines().toList();
        for (String row : block.subList(1, block.size() - 1)) {
            String[] cells = row.strip().split("  +");
            int line = Integer.parseInt(cells[0]);
            assertEquals(lines.get(line - 1).strip(), cells[1], "the script line's text: " + row);
            assertTrue(seedOut.stream().anyMatch(o -> o.startsWith(cells[1]) && (" " + o + " ").contains(" " + cells[2]
                    + " ")), "the seed printed " + cells[2] + " for line " + line + ": " + seed.out());
        }
    }

    private static List<String> readmeBlock() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int at = readme.indexOf(COMMAND);
        assertTrue(at > 0, "the README shows " + COMMAND);
        List<String> block = new ArrayList<>();
        for (String line : readme.subList(at + 1, readme.size())) {
            if (line.startsWith("```")) {
                return block;
            }
            block.add(line);
        }
        throw new AssertionError("the README's block does not end");
    }

    private static boolean bundled(String module) throws IOException {
        try (Stream<Path> jars = Files.list(PLUGINS)) {
            return jars.map(j -> PluginJar.read(j, "bundled").name()).anyMatch(module::equals);
        }
    }
}
