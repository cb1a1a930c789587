/**
 * Linux 6.18's huge tmpfs (mm/shmem.c), written against the filesystem SPI alone: huge pages
 * are PMD-order compound pages ({@code Pages.allocCompoundPage}, {@code FileMapping.addFolio}),
 * which the core maps by PMD or PTEs; truncate and hole punch split them
 * ({@code FileMapping.splitFolio}).
 */
package org.thplab.fs.shmem.linux6;
