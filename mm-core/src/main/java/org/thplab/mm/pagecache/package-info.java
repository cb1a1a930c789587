/**
 * filemap.c: page caches (a file's pages by index) and address spaces with their i_mmap.
 * Unmapping a file range and remapping a team by PMD need the walks of the layers above:
 * {@link org.thplab.mm.pagecache.AddressSpace.RangeUnmapper} is the interface this package
 * owns for them (implemented by {@code memory.FileRmap}).
 *
 * <p>Layer: above {@code mmtypes} (an address space implements its {@code VmFile}), beside
 * {@code rmap}.
 */
package org.thplab.mm.pagecache;
