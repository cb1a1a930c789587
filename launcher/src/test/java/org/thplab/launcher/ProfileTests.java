package org.thplab.launcher;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile file is read as Properties: two keys, module names separated by commas or spaces. */
class ProfileTests {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name + ".profile"), text);
    }

    @Test
    void modulesAreSeparatedByCommasOrSpacesAndKeepTheirOrder() throws IOException {
        Profile p = Profile.read(file("two", "# comment\ndescription = two of them \nmodules = b.one,  a.two \\\n"
                + "    c.three\n"));
        assertEquals(new Profile("two", dir.resolve("two.profile"), "two of them", List.of("b.one", "a.two", "c.three")), p);
        assertEquals(List.of(), Profile.read(file("bare", "modules =\n")).modules(), "the architecture alone");
        assertEquals("", Profile.read(file("bare", "modules =\n")).description());
    }

    @Test
    void anythingElseIsOneLineNamingTheFile() throws IOException {
        assertEquals("profile k (" + dir.resolve("k.profile") + "): unknown key 'module'; expected description, modules",
                message(file("k", "module = a.b\n")));
        assertEquals("profile m (" + dir.resolve("m.profile") + "): no 'modules' key (modules = NAME, NAME...)",
                message(file("m", "description = nothing\n")));
        assertEquals("profile n (" + dir.resolve("n.profile") + "): 'org/x' is not a module name",
                message(file("n", "modules = org/x\n")));
        assertEquals("profile t (" + dir.resolve("t.profile") + "): module a.b is listed twice",
                message(file("t", "modules = a.b a.b\n")));
        assertEquals("profile Big (" + dir.resolve("Big.profile") + "): a profile's name must match [a-z0-9][a-z0-9.-]*",
                message(file("Big", "modules = a.b\n")));
        Path latin1 = dir.resolve("l.profile");
        Files.write(latin1, new byte[] {'m', 'o', 'd', 'u', 'l', 'e', 's', '=', 'a', (byte) 0xe9, '\n'});
        assertEquals("profile l (" + latin1 + "): not UTF-8 text", message(latin1));
    }

    @Test
    void theFolderKnowsItsProfilesByName() throws IOException {
        file("seed", "modules = a.b\n");
        file("linux-6", "modules = c.d\n");
        Files.writeString(dir.resolve("notes.txt"), "not a profile");
        Profiles profiles = new Profiles(dir);
        assertEquals(List.of("linux-6", "seed"), profiles.names());
        assertEquals(List.of("a.b"), profiles.named(null).modules(), "seed is the default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> profiles.named("../seed"));
        assertEquals("unknown profile '../seed': expected one of [linux-6, seed] (profiles in " + dir + ")", e.getMessage());
    }

    private static String message(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> Profile.read(file)).getMessage();
    }
}
