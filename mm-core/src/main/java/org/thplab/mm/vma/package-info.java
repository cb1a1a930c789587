/**
 * mmap.c, mprotect.c, mremap.c, madvise.c, fork's dup_mmap and exit's exit_mmap: the system
 * calls that change an address space ({@link org.thplab.mm.vma.SystemCalls}), mremap's
 * page-table moves ({@link org.thplab.mm.vma.MoveTables}), and MADV_COLLAPSE's walk over a
 * range ({@code MadviseCollapse}, khugepaged.c's madvise_collapse).
 *
 * <p>Layer: above {@code huge}; the top of the kernel proper, used only by {@code proc},
 * {@code debug} and the facade. The VMA data types live below, in {@code mmtypes}.
 */
package org.thplab.mm.vma;
