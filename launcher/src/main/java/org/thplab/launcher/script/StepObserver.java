package org.thplab.launcher.script;

import java.util.List;
import org.thplab.mm.Kernel;
import org.thplab.mm.Process;

/**
 * Told after every step of a run what the script's machine holds, for whoever records the run
 * (the report); it must only read. Output lines of the step are already written when it is called.
 */
@FunctionalInterface
public interface StepObserver {
    /** Observes nothing. */
    StepObserver NONE = (line, kernel, regions) -> { };

    /** A live process's region as the script named it, at the address reserved for it. */
    record Region(String processName, Process process, String name, long start, long length) {
    }

    /** The step on {@code line} is about to run: what it prints comes next. Nothing by default. */
    default void beforeStep(int line) {
    }

    /**
     * The step on {@code line} ran (or failed and was reported).
     *
     * @param kernel  the machine, or null before the script booted it
     * @param regions every live process's regions, by process name then address
     */
    void afterStep(int line, Kernel kernel, List<Region> regions);
}
