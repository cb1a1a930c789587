/**
 * The filesystem SPI, experimental until the tmpfs and anonymous-memory plugins have used
 * it in earnest.
 *
 * <p>A plugin implements {@link org.thplab.api.fs.FilesystemType} (mount options, files,
 * truncate and hole punch) and {@link org.thplab.api.fs.VmOperations} (the fault handler
 * and its {@link org.thplab.api.fs.FaultReply} bits, following {@code vm_operations_struct});
 * the core lends it {@link org.thplab.api.fs.FsServices}: page frames by pfn
 * ({@link org.thplab.api.fs.Pages}), address spaces with their page caches
 * ({@link org.thplab.api.fs.FileMapping}) and the counters a filesystem keeps. Nothing of the
 * core's internals is reachable through it.
 */
package org.thplab.api.fs;
