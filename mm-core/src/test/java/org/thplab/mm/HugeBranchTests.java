package org.thplab.mm;

import static org.junit.jupiter.api.Assertions.*;
import static org.thplab.mm.Process.*;

import java.util.ArrayList;
import java.util.List;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.huge.HugeMemory;
import org.thplab.mm.huge.TeamReclaim;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.page.BuddyAllocator;
import org.thplab.mm.pgtable.PmdTableImpl;

/** The branches of the seed's functions that faults and system calls reach only under pressure or races. */
class HugeBranchTests extends KernelTestBase {

    private HugeMemory huge() {
        return kernel.huge();
    }

    private PmdTableImpl table(Process p, long addr) {
        return p.mm().pageTables().pmdTable(addr);
    }

    /** Takes every free frame, so the next allocation of any order fails. */
    private List<Long> exhaustMemory() {
        List<Long> held = new ArrayList<>();
        for (long pfn; (pfn = kernel.machine().buddy.allocPages(0)) != BuddyAllocator.NO_PAGE; ) {
            held.add(pfn);
        }
        return held;
    }

    private void giveBack(List<Long> held) {
        held.forEach(kernel.machine()::putPage);
    }

    @OnEveryArchitecture
    void mapTeamByPmdWithoutATableForTheDepositReleasesTheHeadAndReportsOom(String arch) {
        Process p = boot(arch, 64L << 20);
        TeamTestFs fs = new TeamTestFs(kernel, pmd);
        p.mmapFile(base, pmd, PROT_READ, true, fs.file, 0);
        p.load(base + pmd / 2); // maps by PMD: populates the team
        p.munmap(base, pmd);
        p.mmapFile(base, pmd, PROT_READ, true, fs.file, 0);
        MmStruct mm = p.mm();
        long head = fs.file.cache().find(0);
        int refs = kernel.machine().map.refcount(head);
        PmdTableImpl t = mm.pageTables().pmdAlloc(base);
        List<Long> held = exhaustMemory();
        List<org.thplab.mm.pgtable.PteTableImpl> fragments = new ArrayList<>(); // ppc64 keeps spare fragments
        for (org.thplab.mm.pgtable.PteTableImpl f; (f = mm.pageTables().pteAllocOne()) != null; ) {
            fragments.add(f);
        }
        assertTrue(kernel.machine().map.trylockPage(head));
        kernel.machine().map.addRefcount(head, 1);
        assertEquals(FaultReply.OOM, huge().team().mapTeamByPmd(mm, mm.vmas().find(base), t, base, head));
        fragments.forEach(mm.pageTables()::pteFree);
        giveBack(held);
        assertFalse(kernel.machine().map.test(head, org.thplab.mm.page.PageFlags.LOCKED));
        assertEquals(refs, kernel.machine().map.refcount(head));
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void unmapTeamByPmdLeavesASlotThatNoLongerMapsTheTeam(String arch) {
        Process p = boot(arch);
        TeamTestFs fs = new TeamTestFs(kernel, 2 * pmd);
        p.mmapFile(base, 2 * pmd, PROT_READ, true, fs.file, 0);
        p.load(base);
        p.load(base + pmd);
        long other = fs.file.cache().find(g.hpagePmdNr());
        MmStruct mm = p.mm();
        assertTrue(kernel.machine().map.trylockPage(other));
        assertFalse(TeamReclaim.unmapTeamByPmd(huge().team(), mm, mm.vmas().find(base), table(p, base), base, other),
                "the slot at base maps the first team, not the second");
        kernel.machine().map.unlockPage(other);
        assertEquals(2 * pmd, p.smaps(base, 2 * pmd).shmemPmdMapped());
        huge().team().remapTeamByPtes(mm, mm.vmas().find(base), table(p, base), base);
        huge().team().remapTeamByPtes(mm, mm.vmas().find(base), table(p, base), base); // raced: not huge any more
        assertEquals(pmd, p.smaps(base, 2 * pmd).shmemPmdMapped());
        kernel.check();
        assertAllMemoryBack(fs, p);
    }

    @OnEveryArchitecture
    void copyAndMoveOfASlotThatIsNoLongerHugeFallBack(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, 2 * pmd, PROT_READ | PROT_WRITE);
        p.store(base, 1); // a PTE table, not a huge PMD
        Process child = kernel.spawn();
        MmStruct mm = p.mm();
        PmdTableImpl dst = child.mm().pageTables().pmdAlloc(base);
        assertEquals(FaultReply.FALLBACK, huge().copyHugePmd(child.mm(), mm, mm.vmas().find(base), dst, table(p, base),
                base));
        assertFalse(huge().moveHugePmd(mm, table(p, base), base, table(p, base), base + pmd));
        assertEquals(0, huge().changeHugePmd(mm, mm.vmas().find(base), table(p, base), base));
        kernel.check();
        assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void followRefusesAWriteThroughAReadOnlyPmdAndReferencesTheThpHead(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, base, true);
        Process child = p.fork(); // both PMDs write-protected
        MmStruct mm = p.mm();
        assertEquals(-1, huge().followTransHugePmd(mm, table(p, base), base + page, true));
        long sub = huge().followTransHugePmd(mm, table(p, base), base + page, false);
        long head = kernel.machine().compoundHead(sub);
        assertEquals(sub - 1, head);
        assertEquals(3, kernel.machine().map.refcount(head), "two PMD mappings and the one just taken");
        kernel.machine().putPage(sub);
        kernel.check();
        assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void aCopyOnWriteWithNoHugePageFallsBackToTheSmallPath(String arch) {
        Process p = boot(arch, 64L << 20);
        p.mmapAnonymous(base, pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.store(base + page, 7);
        Process child = p.fork();
        List<Long> held = exhaustMemory();
        giveBack(held.subList(0, 4)); // room for a page or two, no huge page
        assertEquals(Access.OK, child.store(base + page, 8));
        assertEquals(0, child.smaps(base, pmd).anonHugePages(), "the child's PMD was split instead");
        assertEquals(pmd, p.smaps(base, pmd).anonHugePages(), "the parent keeps the THP");
        assertEquals(8, child.load(base + page).value());
        assertEquals(7, p.load(base + page).value());
        giveBack(held.subList(4, held.size()));
        kernel.check();
        assertAllMemoryBack(null, p, child);
    }

    @OnEveryArchitecture
    void mprotectOfAWholeAnonymousExtentKeepsItsPmd(String arch) {
        Process p = boot(arch);
        p.mmapAnonymous(base, pmd, PROT_READ | PROT_WRITE);
        MmInternals.faultHugeAnonymous(p, base, true);
        p.mprotect(base, pmd, PROT_READ);
        assertEquals(pmd, kernel.meminfo().anonHugePages());
        assertEquals(Access.SEGV, p.store(base, 1));
        p.mprotect(base, pmd, PROT_READ | PROT_WRITE);
        assertEquals(Access.OK, p.store(base, 1), "mapped once: the write fault reuses the THP");
        assertEquals(pmd, kernel.meminfo().anonHugePages());
        assertAllMemoryBack(null, p);
    }
}
