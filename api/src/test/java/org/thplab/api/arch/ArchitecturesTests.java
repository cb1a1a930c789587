package org.thplab.api.arch;

import static org.junit.jupiter.api.Assertions.*;
import static org.mockito.Mockito.*;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class ArchitecturesTests {

    @Test
    void selectsByName() {
        Architecture a = named("alpha");
        Architecture b = named("beta");
        assertSame(b, Architectures.select(List.of(a, b), "beta"));
    }

    @Test
    void unknownNameListsTheNamesFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.select(List.of(named("zeta"), named("alpha")), "x86"));
        assertEquals("unknown architecture 'x86': expected one of [alpha, zeta]", e.getMessage());
    }

    @Test
    void aProviderThatFailsToLoadIsReportedNotSkipped() {
        Iterable<Architecture> providers = () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 2;
            }

            @Override
            public Architecture next() {
                if (i++ == 0) {
                    throw new ServiceConfigurationError("Provider org.example.Broken could not be instantiated");
                }
                if (i > 2) {
                    throw new NoSuchElementException();
                }
                return named("alpha");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architectures.select(providers, "beta"));
        assertEquals("unknown architecture 'beta': expected one of [alpha]; a provider failed to load:"
                + " Provider org.example.Broken could not be instantiated", e.getMessage());
    }

    @Test
    void twoProvidersOfOneNameAreAnError() {
        Architecture a = named("same");
        Architecture b = mock(Architecture.class, withSettings().extraInterfaces(Runnable.class));
        when(b.name()).thenReturn("same");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Architectures.select(List.of(a, b), "same"));
        assertTrue(e.getMessage().startsWith("architecture 'same' is provided more than once: "), e.getMessage());
    }

    private static Architecture named(String name) {
        Architecture a = mock(Architecture.class);
        when(a.name()).thenReturn(name);
        return a;
    }
}
