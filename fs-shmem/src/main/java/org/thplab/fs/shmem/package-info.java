/**
 * The tmpfs filesystem plugin of the seed: files whose huge pages are teams of small pages,
 * allocated whole, filled page by page, mapped by one huge PMD once complete, and disbanded
 * into small pages by truncate and hole punch.
 */
package org.thplab.fs.shmem;
