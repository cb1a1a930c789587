package org.thplab.mm.mmtypes;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.thplab.api.fs.VmOperations;

/**
 * What a VMA needs of the file it maps ({@code vm_file->f_mapping}): its fault handler and
 * its i_mmap. Owned here so that VMAs sit below the page cache, which implements it
 * ({@code org.thplab.mm.pagecache.AddressSpace}).
 */
public interface VmFile {
    /** The file's {@code vm_operations_struct}. */
    VmOperations ops();

    /** The i_mmap lock: a file VMA changes shape under it. */
    ReentrantReadWriteLock iMmap();

    /** vma_link() into i_mmap. */
    void link(MmStruct mm, Vma vma);

    /** unlink_file_vma(). */
    void unlink(Vma vma);
}
