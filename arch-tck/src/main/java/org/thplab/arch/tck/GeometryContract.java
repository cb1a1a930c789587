package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;

/**
 * The architecture's identity and shape: a usable name, one instance of each part, and a
 * geometry in which one PTE table maps exactly one huge PMD (a split needs one table).
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface GeometryContract extends ArchitectureContract {

    @Test
    default void nameAndDescriptionAreUsable() {
        Architecture arch = architectureUnderTest();
        assertTrue(arch.name().matches("[a-z0-9_][a-z0-9_-]*"), () -> "name '" + arch.name()
                + "' should be a lower-case key of letters, digits, '_' and '-'");
        assertFalse(arch.description().isBlank(), "description");
        assertSame(arch.geometry(), arch.geometry(), "geometry() should return one instance");
        assertSame(arch.pte(), arch.pte(), "pte() should return one instance");
        assertSame(arch.pmd(), arch.pmd(), "pmd() should return one instance");
    }

    @Test
    default void onePteTableCoversOnePmdExtent() {
        Architecture arch = architectureUnderTest();
        Geometry g = arch.geometry();
        assertEquals(g.ptrsPerPte(), g.hpagePmdNr(), "a split PMD needs exactly one PTE table");
        assertEquals(g.pmdSize(), g.pageSize() * g.hpagePmdNr());
        long addr = 5 * g.pmdSize() + 7 * g.pageSize();
        assertEquals(7, g.pteIndex(addr));
        assertEquals(5 % g.ptrsPerPmd(), g.pmdIndex(addr));
        assertTrue(arch.hasTransparentHugepage(), "the model needs huge PMDs");
    }
}
