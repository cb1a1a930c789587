/**
 * The memory manager's entry point, the one package mm-core exports.
 *
 * <h2>Lock order</h2>
 * Every path takes locks in the kernel's order (mm/rmap.c, "Lock ordering in mm"):
 * <pre>
 * mmap lock
 *   page lock (the team head, for shmem teams)
 *     i_mmap (file reverse map)
 *       PMD lock       (Architecture.pmdLockptr: per PMD table page, or mm-wide)
 *         PTE lock     (Architecture.pteLockptr: per PTE table page, or mm-wide; skipped
 *                       when it is the same lock as the PMD lock)
 * </pre>
 */
package org.thplab.mm;
