package org.thplab.mm;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mm-core's packages form a stack, each package one kernel concern, bottom to top (the
 * order of {@code org.thplab.mm}'s package documentation):
 * <pre>
 * stat → page → pgtable → mmtypes → plugin → rmap, pagecache → memory → huge → vma → proc, debug → org.thplab.mm
 * </pre>
 * A package may use any package below it, never one above it, and no two packages depend on
 * each other. Only the production classes are checked.
 */
class LayeringTests {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.thplab.mm");
    }

    @Test
    void everyPackageUsesOnlyPackagesBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy("org.thplab.mm")
                .layer("proc").definedBy("org.thplab.mm.proc..")
                .layer("debug").definedBy("org.thplab.mm.debug..")
                .layer("vma").definedBy("org.thplab.mm.vma..")
                .layer("huge").definedBy("org.thplab.mm.huge..")
                .layer("memory").definedBy("org.thplab.mm.memory..")
                .layer("rmap").definedBy("org.thplab.mm.rmap..")
                .layer("pagecache").definedBy("org.thplab.mm.pagecache..")
                .layer("plugin").definedBy("org.thplab.mm.plugin..")
                .layer("mmtypes").definedBy("org.thplab.mm.mmtypes..")
                .layer("pgtable").definedBy("org.thplab.mm.pgtable..")
                .layer("page").definedBy("org.thplab.mm.page..")
                .layer("stat").definedBy("org.thplab.mm.stat..")
                .whereLayer("facade").mayNotBeAccessedByAnyLayer()
                .whereLayer("proc").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("debug").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("vma").mayOnlyBeAccessedByLayers("facade", "debug", "proc")
                .whereLayer("huge").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma")
                .whereLayer("memory").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge")
                .whereLayer("rmap").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory")
                .whereLayer("pagecache").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory")
                .whereLayer("plugin").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory",
                        "rmap", "pagecache")
                .whereLayer("mmtypes").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory",
                        "rmap", "pagecache", "plugin")
                .whereLayer("pgtable").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory",
                        "rmap", "pagecache", "plugin", "mmtypes")
                .whereLayer("page").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory",
                        "rmap", "pagecache", "plugin", "mmtypes", "pgtable")
                .whereLayer("stat").mayOnlyBeAccessedByLayers("facade", "debug", "proc", "vma", "huge", "memory",
                        "rmap", "pagecache", "plugin", "mmtypes", "pgtable", "page")
                .check(core);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("org.thplab.mm.(*)..").should().beFreeOfCycles().check(core);
    }
}
