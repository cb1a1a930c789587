package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * A machine nobody holds any more is garbage, whatever its faults went through: the per-thread
 * fault objects the core reuses must not keep a mapping (and through it the whole kernel)
 * alive in the thread that faulted. Tests and programs boot many machines on one thread.
 */
class KernelLifetimeTests {

    private static WeakReference<Object> bootFaultAndDrop(String arch) {
        StandInThp thp = new StandInThp();
        thp.always = true;
        Kernel kernel = Kernel.boot(Architectures4Test.named(arch), 64L << 20, List.of(), thp);
        long pmd = kernel.architecture().geometry().pmdSize();
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        Process p = kernel.spawn();
        p.mmapFile(4 * pmd, pmd, PROT_READ | PROT_WRITE, true, fs.file, 0);
        assertEquals(Access.OK, p.store(4 * pmd, 1)); // a file fault through the filesystem
        p.mmapAnonymous(8 * pmd, pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(8 * pmd, 2)); // a huge anonymous fault through the policy
        assertEquals(Access.OK, p.store(8 * pmd + pmd / 2, 3));
        Process child = p.fork();
        assertEquals(Access.OK, child.store(8 * pmd, 4)); // and a huge write-protect fault
        return new WeakReference<>(kernel.machine()); // the page state, which the kernel and all else lead to
    }

    @OnEveryArchitecture
    void aKernelNobodyHoldsIsCollectedAfterItsFaults(TestKernel k) throws InterruptedException {
        String arch = k.arch;
        WeakReference<Object> ref = bootFaultAndDrop(arch);
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(ref.get(), "something the faulting thread keeps still reaches the machine");
    }
}
