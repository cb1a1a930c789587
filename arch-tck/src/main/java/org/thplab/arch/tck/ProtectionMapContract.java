package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.api.arch.VmFlags.*;
import static org.thplab.arch.tck.KitSamples.ALL_VM_FLAGS;

import org.junit.jupiter.api.Test;
import org.thplab.api.API;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.PteCodec;

/**
 * vm_get_page_prot() over all of protection_map[]: PROT_NONE is present but protnone,
 * and only shared writable mappings get writable entries, so that a write to a private
 * mapping faults for copy-on-write.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface ProtectionMapContract extends ArchitectureContract {

    @Test
    default void protectionMapGivesCopyOnWriteAndProtNone() {
        Architecture arch = architectureUnderTest();
        PteCodec pte = arch.pte();
        for (int flags : ALL_VM_FLAGS) {
            long v = pte.mk(42, arch.vmGetPageProt(flags));
            boolean none = (flags & (VM_READ | VM_WRITE | VM_EXEC)) == 0;
            boolean writable = (flags & VM_SHARED) != 0 && (flags & VM_WRITE) != 0;
            String what = String.format("vm_flags %#x -> pte %#x", flags, v);
            assertEquals(none, pte.protnone(v), what + ": protnone");
            assertEquals(writable, pte.write(v), what + ": write (private writes must fault for copy-on-write)");
            assertTrue(pte.present(v), what + ": present, PROT_NONE included");
        }
    }
}
