package org.thplab.arch.ppc64;

import org.thplab.api.arch.Architecture;
import org.thplab.arch.tck.ArchitectureConformanceKit;

class Ppc64RadixConformanceTests extends ArchitectureConformanceKit {
    @Override
    protected Architecture architecture() {
        return new Ppc64Radix();
    }
}
