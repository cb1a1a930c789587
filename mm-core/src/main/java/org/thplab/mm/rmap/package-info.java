/**
 * rmap.c: mapcounts, compound mapcounts and the mapped counters they move
 * ({@link org.thplab.mm.rmap.Rmap}), and which anon_vma a VMA's anonymous pages belong to
 * ({@link org.thplab.mm.rmap.AnonVmas}: anon_vma_prepare).
 *
 * <p>Layer: above {@code mmtypes}, beside {@code pagecache} (neither uses the other); the
 * fault path and the huge-PMD code use it.
 */
package org.thplab.mm.rmap;
