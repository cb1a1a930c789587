package org.thplab.arch.x86_64;

import org.thplab.api.arch.Architecture;
import org.thplab.arch.tck.ArchitectureConformanceKit;

class X86_64ConformanceTests extends ArchitectureConformanceKit {
    @Override
    protected Architecture architecture() {
        return new X86_64();
    }
}
