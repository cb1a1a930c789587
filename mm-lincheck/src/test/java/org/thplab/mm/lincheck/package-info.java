/**
 * Races of the memory manager explored, not sampled: Lincheck's model checker runs pairs and
 * triples of operations on the {@link org.thplab.mm.Kernel}/{@link org.thplab.mm.Process}
 * facade of a small machine (the real tmpfs and anonymous THP plugins loaded), through every
 * interleaving it can reach within a bound, checks each execution's results against some
 * sequential order of the same operations, and runs the invariant checker after each.
 */
package org.thplab.mm.lincheck;
