/**
 * The architecture SPI: what generic memory-management code needs to know about, and
 * ask of, an MMU.
 *
 * <p>{@link org.thplab.api.arch.Architecture} is the service; {@link org.thplab.api.arch.Geometry},
 * {@link org.thplab.api.arch.PteCodec} and {@link org.thplab.api.arch.PmdCodec} describe page
 * tables as pure values; {@link org.thplab.api.arch.PmdTable}, {@link org.thplab.api.arch.PteTable}
 * and {@link org.thplab.api.arch.Mm} are the core's live structures as an architecture may touch
 * them. The models follow Linux 4.8 (x86_64, ppc64 book3s64 hash and radix), the era of the
 * huge tmpfs team-pages patches, with team PMDs keeping a deposited table as the seed does.
 */
package org.thplab.api.arch;
