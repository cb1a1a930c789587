package org.thplab.mm.lincheck;

import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * The state of the anonymous races: a small machine with the anon-thp policy
 * ({@code enabled=always}) and one process with one PMD extent of private anonymous memory
 * mapped, empty; the nested classes start from that extent faulted in one way or another. Each
 * operation answers something that a sequential run of the same operations determines: the
 * access's outcome and the byte read, the smaps figures.
 */
public class AnonExtent {
    final Kernel kernel;
    private final Process p;
    private final long page;
    private final long pmd;
    private final long at;
    private Process child;
    private int scenario;

    /** A new machine on the architecture being explored. */
    public AnonExtent() {
        kernel = SmallMachine.boot(Explore.arch(), 4);
        kernel.setThp("enabled", "always");
        page = kernel.architecture().geometry().pageSize();
        pmd = kernel.architecture().geometry().pmdSize();
        at = 2 * pmd;
        p = kernel.spawn();
        p.mmapAnonymous(at, pmd, PROT_READ | PROT_WRITE);
    }

    /** The first operation of every scenario: which one this execution explores, for the count. */
    @Operation
    public void scenario(int number) {
        scenario = number;
    }

    /** Stores {@code value} at page {@code i} of the extent: the outcome. */
    @Operation
    public String store(int i, int value) {
        return p.store(at + i * page, value).name();
    }

    /** Loads page {@code i} of the extent: the outcome and the byte. */
    @Operation
    public String load(int i) {
        return Outcomes.of(p.load(at + i * page));
    }

    /** munmap() of the whole extent. */
    @Operation
    public void munmap() {
        p.munmap(at, pmd);
    }

    /** mprotect(PROT_READ) of {@code n} pages from page {@code i} (the THP is split if that is part of it). */
    @Operation
    public void readOnly(int i, int n) {
        p.mprotect(at + i * page, n * page, PROT_READ);
    }

    /** MADV_DONTNEED of the whole extent. */
    @Operation
    public void dontneed() {
        p.madvise(at, pmd, Process.Advice.DONTNEED);
    }

    /** MADV_COLLAPSE of the extent: whether a huge PMD maps it now. */
    @Operation
    public boolean collapse() {
        return p.collapse(at, pmd);
    }

    /** One khugepaged pass: the extents collapsed. */
    @Operation
    public int khugepaged() {
        return kernel.khugepaged();
    }

    /** fork(); the child lives on for the operations on it. */
    @Operation
    public void fork() {
        child = p.fork();
    }

    /** Stores in the child forked before. */
    @Operation
    public String childStore(int i, int value) {
        return child.store(at + i * page, value).name();
    }

    /** Loads in the child forked before. */
    @Operation
    public String childLoad(int i) {
        return Outcomes.of(child.load(at + i * page));
    }


    /** The process's smaps figures over the extent. */
    @Operation
    public String smaps() {
        return Outcomes.of(p.smaps(at, pmd), page);
    }

    /** The extent mapped by a THP (page 0 holds 5). */
    public static class Thp extends AnonExtent {
        public Thp() {
            store(0, 5);
        }
    }

    /** The extent mapped by small pages (page 0 holds 5), faulted while THP was off; THP is on again. */
    public static class SmallPages extends AnonExtent {
        public SmallPages() {
            kernel.setThp("enabled", "never");
            store(0, 5);
            kernel.setThp("enabled", "always");
        }
    }

    /** The invariant checker, after every explored execution. */
    @Validate
    public void check() {
        kernel.check();
        Explore.validated(scenario);

    }
}
