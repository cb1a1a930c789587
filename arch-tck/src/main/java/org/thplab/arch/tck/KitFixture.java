package org.thplab.arch.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.thplab.api.arch.Architecture;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.arch.PmdTable;
import org.thplab.api.arch.PteCodec;
import org.thplab.api.arch.PteTable;
import org.thplab.api.arch.VmFlags;

/**
 * One test's view of the architecture under test: the instance, its geometry and codecs,
 * a fresh {@link KitMm}, and the steps generic code takes around a huge PMD slot (take the
 * PMD lock, deposit and install, count what is deposited).
 *
 * <p>The contracts are interfaces and hold no state, so each test builds one of these.
 */
final class KitFixture {
    final Architecture arch;
    final Geometry g;
    final PteCodec pte;
    final PmdCodec pmd;
    final KitMm mm;

    KitFixture(Architecture arch) {
        this.arch = arch;
        this.g = arch.geometry();
        this.pte = arch.pte();
        this.pmd = arch.pmd();
        this.mm = new KitMm(arch);
    }

    /** The address of PMD slot {@code slot}, counted across PMD tables from 0. */
    long slotAddress(int slot) {
        return slot * g.pmdSize();
    }

    /** Runs {@code body} holding {@code table}'s PMD lock, as generic code does around slot operations. */
    void locked(PmdTable table, Runnable body) {
        ReentrantLock lock = arch.pmdLockptr(mm, table);
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #locked(PmdTable, Runnable)}, returning what {@code body} returns. */
    <T> T lockedGet(PmdTable table, Supplier<T> body) {
        ReentrantLock lock = arch.pmdLockptr(mm, table);
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Deposits a table and installs a young, dirty, writable huge PMD at {@code haddr}, as a fault does. */
    long installHuge(PmdTable table, long haddr, int n) {
        long v = pmd.mkwrite(pmd.mkyoung(pmd.mkdirty(pmd.mkHuge((long) g.hpagePmdNr() * (n + 1),
                arch.vmGetPageProt(VmFlags.VM_READ | VmFlags.VM_WRITE)))));
        locked(table, () -> {
            arch.pgtableTransHugeDeposit(mm, haddr, table, mm.newPteTable());
            arch.setPmdAt(mm, haddr, table, v);
            arch.updateMmuCachePmd(mm, haddr, table);
        });
        return v;
    }

    /** How many tables {@link Architecture#forEachDeposited} visits for {@code tables} and the mm. */
    int countDeposited(List<? extends PmdTable> tables) {
        int[] count = {0};
        arch.forEachDeposited(mm, tables, t -> count[0]++);
        return count[0];
    }

    /** Asserts that a withdrawn table reads as empty PTEs, as a split or zap expects. */
    void assertTableEmpty(PteTable t) {
        for (int i = 0; i < t.size(); i++) {
            int index = i;
            assertTrue(pte.none(t.get(i)), () -> String.format("withdrawn %s holds %#x at %d; expected empty PTEs",
                    t, t.get(index), index));
        }
    }

    /** A set that tells tables apart by identity, as the kernel tells pages apart by address. */
    static <T> Set<T> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
