/**
 * The filesystem SPI: what a filesystem plugin implements for the mappings of its files
 * (the fault handler and its reply bits), following {@code vm_operations_struct}.
 * Experimental: the file operations and the services the core lends a plugin arrive with
 * the filesystem plugins.
 */
package org.thplab.api.fs;
