package org.thplab.mm.lincheck;

import static org.thplab.mm.Process.PROT_READ;
import static org.thplab.mm.Process.PROT_WRITE;

import java.util.Map;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.thplab.mm.FileHandle;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * The state of the huge tmpfs races: a small machine with a {@code huge=always} tmpfs mount,
 * one file of one huge page, mapped shared and PMD-aligned by two processes A and B (so a
 * fault may map the file's team by one huge PMD in each). Each operation answers what a
 * sequential run of the same operations determines.
 */
public class TeamFile {
    private final Kernel kernel;
    private final FileHandle file;
    private final Process a;
    private final Process b;
    private final long page;
    private final long pmd;
    private final long at;
    private Process child;
    private int scenario;

    /** A new machine on the architecture being explored. */
    public TeamFile() {
        kernel = SmallMachine.boot(Explore.arch(), 4);
        page = kernel.architecture().geometry().pageSize();
        pmd = kernel.architecture().geometry().pmdSize();
        at = 2 * pmd;
        file = kernel.mount("tmpfs", Map.of("huge", "always")).create("team");
        file.truncate(pmd);
        a = kernel.spawn();
        a.mmapFile(at, pmd, PROT_READ | PROT_WRITE, true, file, 0);
        b = kernel.spawn();
        b.mmapFile(at, pmd, PROT_READ | PROT_WRITE, true, file, 0);
    }

    /** The first operation of every scenario: which one this execution explores, for the count. */
    @Operation
    public void scenario(int number) {
        scenario = number;
    }

    /** Process {@code who} ("A", "B", or "child") stores {@code value} at page {@code i}: the outcome. */
    @Operation
    public String store(String who, int i, int value) {
        return process(who).store(at + i * page, value).name();
    }

    /** Process {@code who} loads page {@code i}: the outcome and the byte. */
    @Operation
    public String load(String who, int i) {
        return Outcomes.of(process(who).load(at + i * page));
    }

    /** munmap() of A's mapping. */
    @Operation
    public void munmap() {
        a.munmap(at, pmd);
    }

    /** mprotect(PROT_READ) of {@code n} pages of A's mapping from page {@code i}: the team is remapped by PTEs. */
    @Operation
    public void readOnly(int i, int n) {
        a.mprotect(at + i * page, n * page, PROT_READ);
    }

    /** ftruncate() of the file to {@code pages} pages. */
    @Operation
    public void truncate(int pages) {
        file.truncate(pages * page);
    }

    /** fallocate(PUNCH_HOLE) of {@code n} pages from page {@code i}: the team is disbanded. */
    @Operation
    public void punch(int i, int n) {
        file.punchHole(i * page, n * page);
    }

    /** fork() of A; the child lives on for the operations on it. */
    @Operation
    public void fork() {
        child = a.fork();
    }

    /** Memory pressure: the shrinkers (tmpfs frees the holes of incomplete teams). */
    @Operation
    public long reclaim() {
        return kernel.reclaim();
    }

    /** Process {@code who}'s smaps figures over its mapping. */
    @Operation
    public String smaps(String who) {
        return Outcomes.of(process(who).smaps(at, pmd), page);
    }

    /** A's store made the file's team and mapped it by a PMD (page 0 holds 5). */
    public static class Mapped extends TeamFile {
        public Mapped() {
            store("A", 0, 5);
        }
    }

    /** The invariant checker, after every explored execution. */
    @Validate
    public void check() {
        kernel.check();
        Explore.validated(scenario);
    }

    private Process process(String who) {
        return switch (who) {
            case "A" -> a;
            case "B" -> b;
            case "child" -> child;
            default -> throw new IllegalArgumentException("no process " + who);
        };
    }
}
