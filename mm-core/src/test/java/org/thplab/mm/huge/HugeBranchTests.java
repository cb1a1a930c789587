package org.thplab.mm.huge;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.Access;
import org.thplab.mm.MmInternals;
import org.thplab.mm.OnEveryArchitecture;
import org.thplab.mm.Process;
import org.thplab.mm.TeamTestFs;
import org.thplab.mm.TestKernel;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.pgtable.PmdTableImpl;

/** The branches of the seed's functions that faults and system calls reach only under pressure or races. */
class HugeBranchTests {

    private static HugeMemory huge(TestKernel k) {
        return MmInternals.huge(k.kernel);
    }

    private PmdTableImpl table(Process p, long addr) {
        return MmInternals.mm(p).pageTables().pmdTable(addr);
    }

    /** Takes every free frame, so the next allocation of any order fails. */
    private static List<Long> exhaustMemory(TestKernel k) {
        List<Long> held = new ArrayList<>();
        for (long pfn; (pfn = MmInternals.machine(k.kernel).buddy.allocPages(0)) != BuddyAllocator.NO_PAGE; ) {
            held.add(pfn);
        }
        return held;
    }

    private static void giveBack(TestKernel k, List<Long> held) {
        held.forEach(MmInternals.machine(k.kernel)::putPage);
    }

    @OnEveryArchitecture
    void mapTeamByPmdWithoutATableForTheDepositReleasesTheHeadAndReportsOom(TestKernel k) {
        Process p = k.boot(64L << 20);
        TeamTestFs fs = new TeamTestFs(k.kernel, k.pmd);
        fs.mmap(p, k.base, k.pmd, PROT_READ, true, 0);
        p.load(k.base + k.pmd / 2); // maps by PMD: populates the team
        p.munmap(k.base, k.pmd);
        fs.mmap(p, k.base, k.pmd, PROT_READ, true, 0);
        MmStruct mm = MmInternals.mm(p);
        long head = fs.file.cache().find(0);
        int refs = MmInternals.machine(k.kernel).map.refcount(head);
        PmdTableImpl t = mm.pageTables().pmdAlloc(k.base);
        List<Long> held = exhaustMemory(k);
        List<org.thplab.mm.pgtable.PteTableImpl> fragments = new ArrayList<>(); // ppc64 keeps spare fragments
        for (org.thplab.mm.pgtable.PteTableImpl f; (f = mm.pageTables().pteAllocOne()) != null; ) {
            fragments.add(f);
        }
        assertTrue(MmInternals.machine(k.kernel).map.trylockPage(head));
        MmInternals.machine(k.kernel).map.addRefcount(head, 1);
        assertEquals(FaultReply.OOM, huge(k).team().mapTeamByPmd(mm, mm.vmas().find(k.base), t, k.base, head));
        fragments.forEach(mm.pageTables()::pteFree);
        giveBack(k, held);
        assertFalse(MmInternals.machine(k.kernel).map.test(head, org.thplab.mm.page.PageFlags.LOCKED));
        assertEquals(refs, MmInternals.machine(k.kernel).map.refcount(head));
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void unmapTeamByPmdLeavesASlotThatNoLongerMapsTheTeam(TestKernel k) {
        Process p = k.boot();
        TeamTestFs fs = new TeamTestFs(k.kernel, 2 * k.pmd);
        fs.mmap(p, k.base, 2 * k.pmd, PROT_READ, true, 0);
        p.load(k.base);
        p.load(k.base + k.pmd);
        long other = fs.file.cache().find(k.g.hpagePmdNr());
        MmStruct mm = MmInternals.mm(p);
        assertTrue(MmInternals.machine(k.kernel).map.trylockPage(other));
        assertFalse(TeamReclaim.unmapTeamByPmd(huge(k).team(), mm, mm.vmas().find(k.base), table(p, k.base), k.base, other),
                "the slot at base maps the first team, not the second");
        MmInternals.machine(k.kernel).map.unlockPage(other);
        assertEquals(2 * k.pmd, p.smaps(k.base, 2 * k.pmd).shmemPmdMapped());
        huge(k).team().remapTeamByPtes(mm, mm.vmas().find(k.base), table(p, k.base), k.base);
        huge(k).team().remapTeamByPtes(mm, mm.vmas().find(k.base), table(p, k.base), k.base); // raced: not huge any more
        assertEquals(k.pmd, p.smaps(k.base, 2 * k.pmd).shmemPmdMapped());
        k.kernel.check();
        k.assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void copyAndMoveOfASlotThatIsNoLongerHugeFallBack(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, 2 * k.pmd, PROT_READ | PROT_WRITE);
        p.store(k.base, 1); // a PTE table, not a huge PMD
        Process child = k.kernel.spawn();
        MmStruct mm = MmInternals.mm(p);
        PmdTableImpl dst = MmInternals.mm(child).pageTables().pmdAlloc(k.base);
        assertEquals(FaultReply.FALLBACK, huge(k).copyHugePmd(MmInternals.mm(child), mm, mm.vmas().find(k.base), dst, table(p, k.base),
                k.base));
        assertFalse(huge(k).moveHugePmd(mm, table(p, k.base), k.base, table(p, k.base), k.base + k.pmd));
        assertEquals(0, huge(k).changeHugePmd(mm, mm.vmas().find(k.base), table(p, k.base), k.base));
        k.kernel.check();
        k.assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void followRefusesAWriteThroughAReadOnlyPmdAndReferencesTheThpHead(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, k.pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        Process child = p.fork(); // both PMDs write-protected
        MmStruct mm = MmInternals.mm(p);
        assertEquals(-1, huge(k).followTransHugePmd(mm, table(p, k.base), k.base + k.page, true));
        long sub = huge(k).followTransHugePmd(mm, table(p, k.base), k.base + k.page, false);
        long head = MmInternals.machine(k.kernel).compoundHead(sub);
        assertEquals(sub - 1, head);
        assertEquals(3, MmInternals.machine(k.kernel).map.refcount(head), "two PMD mappings and the one just taken");
        MmInternals.machine(k.kernel).putPage(sub);
        k.kernel.check();
        k.assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void aCopyOnWriteWithNoHugePageFallsBackToTheSmallPath(TestKernel k) {
        Process p = k.boot(64L << 20);
        p.mmapAnonymous(k.base, k.pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.store(k.base + k.page, 7);
        Process child = p.fork();
        List<Long> held = exhaustMemory(k);
        giveBack(k, held.subList(0, 4)); // room for a page or two, no huge page
        assertEquals(Access.OK, child.store(k.base + k.page, 8));
        assertEquals(0, child.smaps(k.base, k.pmd).anonHugePages(), "the child's PMD was split instead");
        assertEquals(k.pmd, p.smaps(k.base, k.pmd).anonHugePages(), "the parent keeps the THP");
        assertEquals(8, child.load(k.base + k.page).value());
        assertEquals(7, p.load(k.base + k.page).value());
        giveBack(k, held.subList(4, held.size()));
        k.kernel.check();
        k.assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void mprotectOfAWholeAnonymousExtentKeepsItsPmd(TestKernel k) {
        Process p = k.boot();
        p.mmapAnonymous(k.base, k.pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, k.base, true);
        p.mprotect(k.base, k.pmd, PROT_READ);
        assertEquals(k.pmd, k.kernel.meminfo().anonHugePages());
        assertEquals(Access.SEGV, p.store(k.base, 1));
        p.mprotect(k.base, k.pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(k.base, 1), "mapped once: the write fault reuses the THP");
        assertEquals(k.pmd, k.kernel.meminfo().anonHugePages());
        k.assertAllMemoryBack(null, p);
    }
}
