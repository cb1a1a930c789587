/**
 * The tmpfs filesystem plugin: its files, page cache, teams and fault handler.
 */
package org.thplab.fs.shmem;
