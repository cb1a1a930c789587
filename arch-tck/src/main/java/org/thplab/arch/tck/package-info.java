/**
 * The architecture conformance kit: JUnit 5 contracts an {@link org.thplab.api.arch.Architecture}
 * must pass, and the helpers plugin tests share.
 *
 * <h2>Using it</h2>
 *
 * <p>Extend {@link org.thplab.arch.tck.ArchitectureConformanceKit} and return your
 * architecture from {@code protected Architecture architecture()}: that runs every
 * contract. Each contract is also a test interface on its own ({@code GeometryContract},
 * {@code PteCodecContract}, {@code PmdCodecContract}, {@code ProtectionMapContract},
 * {@code LockContract}, {@code DepositWithdrawContract}, {@code HugePmdOrderContract},
 * {@code HugePmdUpdateContract}, {@code MmuHooksContract}, {@code ServiceDeclarationContract}),
 * all over {@link org.thplab.arch.tck.ArchitectureContract}, so a test can implement just
 * those it is about. Randomized checks run through {@link org.thplab.arch.tck.SeededRuns}
 * and name the seed of a failure.
 *
 * <h2>Why the kit has page tables of its own</h2>
 *
 * <p>Contracts drive the architecture through a {@link org.thplab.arch.tck.KitMm}, whose PTE
 * and PMD tables are test doubles of the kernel's (the core's {@code PteTableImpl} and
 * {@code PmdTableImpl}), not the core's tables themselves, for three reasons:
 * <ul>
 *   <li>The core's tables live in {@code org.thplab.mm.pgtable}, and mm-core exports only its
 *       facade {@code org.thplab.mm}. Exporting the tables, even qualified, would open the
 *       core's internals to the plugins this kit is for.</li>
 *   <li>The module graph runs the other way: mm-core's tests use this kit, and an
 *       architecture is proven before, and without, any core. arch-tck requiring mm-core
 *       would make a cycle.</li>
 *   <li>{@code org.thplab.api} declares {@link org.thplab.api.arch.PteTable} and
 *       {@link org.thplab.api.arch.PmdTable} as "implemented by the core, never by a
 *       plugin"; an implementation there would be a second public one.</li>
 * </ul>
 * <p>Those two interfaces are all an architecture may see of a table, so a double that keeps
 * their promises (atomic entries, an aligned physical address, a lock, the deposit links and
 * anchor, the shadow half where the geometry has one) is enough, and the doubles keep only
 * that: no decoded child tables, frames, fragments or registry. They are package-private;
 * tests get them from {@link org.thplab.arch.tck.KitMm#newPteTable()} and
 * {@link org.thplab.arch.tck.KitMm#newPmdTable()} as the SPI types.
 */
package org.thplab.arch.tck;
