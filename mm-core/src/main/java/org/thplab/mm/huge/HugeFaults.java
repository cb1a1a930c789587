package org.thplab.mm.huge;

import java.util.List;
import java.util.Objects;
import org.thplab.api.anon.AnonymousMemory;
import org.thplab.api.anon.AnonymousMemoryType;
import org.thplab.api.arch.Geometry;
import org.thplab.api.arch.PmdCodec;
import org.thplab.api.fs.FaultReply;
import org.thplab.mm.memory.Fault;
import org.thplab.mm.memory.Machine;
import org.thplab.mm.memory.Memory;
import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.VmFlag;
import org.thplab.mm.mmtypes.Vma;
import org.thplab.mm.pgtable.PmdTableImpl;
import org.thplab.mm.plugin.AnonServicesImpl;
import org.thplab.mm.plugin.ContainedAnonymousMemory;
import org.thplab.mm.plugin.NoAnonymousThp;
import org.thplab.mm.rmap.AnonVmas;

/**
 * The huge branches of handle_mm_fault(): create_huge_pmd() at an empty slot,
 * huge_pmd_set_accessed() and wp_huge_pmd() at a huge one. File mappings take the seed's
 * paths; anonymous memory asks its THP policy (the plugin, contained), whose
 * {@link FaultReply} answers become {@link Fault} bits here, at the plugin boundary.
 */
public final class HugeFaults {
    private final HugeMemory huge;
    private final Machine m;
    private final Geometry g;
    private final PmdCodec pmd;
    private final AnonVmas anonVmas;
    private volatile ContainedAnonymousMemory anonPolicy;

    HugeFaults(HugeMemory huge, Machine m, AnonVmas anonVmas) {
        this.huge = huge;
        this.m = m;
        this.g = m.g;
        this.pmd = m.arch.pmd();
        this.anonVmas = anonVmas;
        this.anonPolicy = new ContainedAnonymousMemory(new NoAnonymousThp(), m.pluginFailures);
    }

    /**
     * Starts the anonymous-memory plugin {@code type} for this machine (at boot, before any
     * fault); without one, anonymous memory has no transparent huge pages.
     *
     * @throws IllegalStateException naming the plugin if it fails to start
     */
    public void startAnonymousMemory(AnonymousMemoryType type) {
        AnonymousMemory started = m.pluginFailures.require(type, "start",
                () -> Objects.requireNonNull(type.start(new AnonServicesImpl(m.g, m.stat)), "start answered null"));
        this.anonPolicy = new ContainedAnonymousMemory(started, m.pluginFailures);
    }

    /** The anonymous THP policy (the plugin's, contained), or none. */
    public ContainedAnonymousMemory anonymousMemory() {
        return anonPolicy;
    }

    /** The knobs of the anonymous THP policy. */
    public List<String> knobs() {
        return anonPolicy.knobs();
    }

    /** create_huge_pmd(): see {@link org.thplab.mm.memory.HugePmdOps#createHugePmd}. */
    int createHugePmd(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval) {
        if (!anonPolicy.hugeEnabled(vma.has(VmFlag.HUGEPAGE), vma.has(VmFlag.NOHUGEPAGE))) {
            return Fault.FALLBACK;
        }
        long haddr = addr & g.pmdMask();
        if (!write && haddr >= vma.start() && haddr + g.pmdSize() <= vma.end()) {
            anonVmas.anonVmaPrepare(mm, vma); // do_huge_pmd_anonymous_page(): even a read, so fork copies the huge zero PMD
        }
        return toFault(askAnonPolicy(false, write, mm, vma, table, addr, pmdval));
    }

    /** huge_pmd_set_accessed() or wp_huge_pmd(): see {@link org.thplab.mm.memory.HugePmdOps#hugePmdFault}. */
    int hugePmdFault(MmStruct mm, Vma vma, PmdTableImpl table, long addr, boolean write, long pmdval) {
        if (!write || pmd.write(pmdval)) {
            huge.hugePmdSetAccessed(mm, table, addr, write);
            return Fault.DONE;
        }
        if (!vma.isAnonymous()) {
            return huge.wpHugePmd(mm, vma, table, addr);
        }
        return toFault(askAnonPolicy(true, true, mm, vma, table, addr, pmdval));
    }

    /** The policy's {@link FaultReply} answer as the core's {@link Fault} bits. */
    private static int toFault(int reply) {
        return reply == FaultReply.OK ? Fault.DONE
                : reply == FaultReply.FALLBACK ? Fault.FALLBACK
                : reply == FaultReply.OOM ? Fault.OOM : Fault.SIGBUS;
    }

    /**
     * The anonymous-memory policy's answer for the huge fault at {@code addr}: its huge write-
     * protect fault if {@code wp}, else its huge fault. A policy that answers OK without having
     * applied any mechanism, or falls back from a write-protect fault without splitting the
     * PMD, breaks its contract: reported, SIGBUS. (Judged by what it called, not by the PMD,
     * which other threads may be changing.)
     */
    private int askAnonPolicy(boolean wp, boolean write, MmStruct mm, Vma vma, PmdTableImpl table, long addr,
                              long pmdval) {
        ContainedAnonymousMemory policy = anonPolicy;
        AnonHugeFault f = huge.anonHugeFault(mm, vma, table, addr, write, pmdval);
        try {
            int r = wp ? policy.hugeWpFault(f) : policy.hugeFault(f);
            String op = wp ? "hugeWpFault" : "hugeFault";
            if (r == FaultReply.OK && !f.acted()) {
                m.pluginFailures.report(policy.plugin(), op, "answered OK but applied no mechanism");
                return FaultReply.SIGBUS;
            }
            if (wp && r == FaultReply.FALLBACK && !f.split()) {
                m.pluginFailures.report(policy.plugin(), op, "fell back without splitting the PMD");
                return FaultReply.SIGBUS;
            }
            return r;
        } finally {
            f.release();
        }
    }

    /**
     * The huge anonymous fault's mechanism at {@code addr}, whatever the policy: a huge zero
     * PMD for a read, a new THP for a write, if the PMD slot is empty and its extent inside
     * the mapping.
     *
     * @param memory allocates the PMD table (__pmd_alloc)
     * @return true if a huge PMD now maps the extent
     */
    public boolean hugeAnonymousFault(MmStruct mm, Vma vma, long addr, boolean write, Memory memory) {
        if (!vma.isAnonymous() || (write ? !vma.has(VmFlag.WRITE) : !vma.has(VmFlag.READ | VmFlag.WRITE))) {
            return false;
        }
        long haddr = addr & g.pmdMask();
        if (haddr < vma.start() || haddr + g.pmdSize() > vma.end()) {
            return false;
        }
        anonVmas.anonVmaPrepare(mm, vma); // for the huge zero page too, as the fault path does
        PmdTableImpl table = memory.pmdAlloc(mm, addr);
        if (!pmd.none(table.get(g.pmdIndex(addr)))) {
            return pmd.transHuge(table.get(g.pmdIndex(addr)));
        }
        return (write ? huge.anon().mapNewHugePage(mm, vma, table, haddr)
                : huge.zeroPage().setHugeZeroPmd(mm, vma, table, haddr)) == FaultReply.OK;
    }
}
