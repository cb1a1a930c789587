/**
 * mm_types.h: the plain data of an address space, {@code struct vm_area_struct}
 * ({@link org.thplab.mm.mmtypes.Vma}, its flags and the tree that holds them) and
 * {@code struct mm_struct} ({@link org.thplab.mm.mmtypes.MmStruct}: page tables, locks, RSS).
 *
 * <p>Layer: above {@code pgtable}. These types moved down out of {@code vma} (which keeps the
 * system calls) so that rmap, the page cache and the fault path can name a VMA without
 * depending on the system calls above them. A VMA names its file through
 * {@link org.thplab.mm.mmtypes.VmFile}, an interface owned here and implemented by the page
 * cache's {@code AddressSpace}: the one inversion that breaks the old pagecache-vma cycle.
 */
package org.thplab.mm.mmtypes;
