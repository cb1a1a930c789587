/**
 * fs/proc/task_mmu.c: what /proc/PID/smaps reports of a range, walked from the page tables,
 * and the simulator's per-extent layout.
 *
 * <p>Layer: a reader at the top, beside {@code debug}; it answers in its own record, which
 * the facade turns into {@code Smaps}.
 */
package org.thplab.mm.proc;
