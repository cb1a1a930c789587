/**
 * The x86_64 architecture plugin ({@code x86_64}): 4 KiB pages, 2 MiB huge PMDs, the PTE
 * and PMD bit layouts of arch/x86 in Linux 4.8, split PTE and PMD locks, and the generic
 * deposit of mm/pgtable-generic.c. Only {@link org.thplab.arch.x86_64.X86_64}, the
 * provider, is public; the module exports nothing.
 */
package org.thplab.arch.x86_64;
