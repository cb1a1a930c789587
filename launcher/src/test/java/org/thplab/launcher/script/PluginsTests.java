package org.thplab.launcher.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thplab.api.anon.AnonServices;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;

/** At most one anonymous-memory plugin: none means no THP, two is an error naming both. */
class PluginsTests {

    private record Named(String name) implements AnonymousMemoryType {
        @Override
        public AnonymousMemory start(AnonServices services) {
            throw new UnsupportedOperationException("never started here");
        }
    }

    @Test
    void noneOrOneIsTaken() {
        assertNull(Plugins.oneAnonymous(List.of(), t -> "nowhere"));
        Named one = new Named("anon-thp");
        assertSame(one, Plugins.oneAnonymous(List.of(one), t -> "nowhere"));
    }

    @Test
    void twoAreRefusedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plugins.oneAnonymous(List.of(new Named("anon-thp"), new Named("modern")),
                        t -> t.name().equals("modern") ? "org.example.modern (--plugin m.jar)" : "org.thplab.fs.anon"));
        assertEquals("two anonymous-memory plugins are loaded (anon-thp in org.thplab.fs.anon and modern in"
                + " org.example.modern (--plugin m.jar)): keep one", e.getMessage());
    }
}
