/**
 * The memory manager's entry point, the one package mm-core exports: {@link Kernel} and
 * {@link Process}, facades over the packages below and over the machine's services in this
 * package: {@code Filesystems} (mounts, files, shmem_enabled, MADV_REMOVE), {@code Reclaim}
 * (the shrinkers) and {@code KhugepagedDaemon} (khugepaged's synchronous pass, beside huge.Khugepaged's collapse).
 *
 * <h2>Layers</h2>
 * mm-core's packages form an acyclic stack, each one kernel concern; a package uses only
 * packages below it (checked by {@code LayeringTests}):
 * <pre>
 * org.thplab.mm                 the facade
 * proc, debug                   task_mmu.c (smaps); CONFIG_DEBUG_VM (the checker)
 * vma                           mmap, mprotect, mremap, madvise, fork, exit
 * huge                          huge_memory.c, khugepaged.c (implements memory.HugePmdOps)
 * memory                        memory.c: fault path, MMU, zap, copy_page_range, gup
 * rmap, pagecache               rmap.c; filemap.c
 * plugin                        plugin containment and the services lent to plugins
 * mmtypes                       mm_types.h: Vma, MmStruct (VmFile implemented by pagecache)
 * pgtable                       page-table pages
 * page                          struct page, buddy allocator, put_page, teams
 * stat                          vmstat counters
 * </pre>
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
