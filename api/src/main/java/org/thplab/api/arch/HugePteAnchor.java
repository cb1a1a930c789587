package org.thplab.api.arch;

import org.thplab.api.API;

/**
 * Where a list of deposited tables is anchored: the kernel's {@code pmd_huge_pte(mm, pmdp)},
 * a field of the PMD table's page with split PMD locks, of the mm without them.
 *
 * <p>Guarded by the PMD lock ({@link Architecture#pmdLockptr}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface HugePteAnchor {

    /** The head of the deposit list, or {@code null} when it is empty. */
    PteTable hugePte();

    /** Sets the head of the deposit list ({@code null} empties it). */
    void setHugePte(PteTable head);
}
