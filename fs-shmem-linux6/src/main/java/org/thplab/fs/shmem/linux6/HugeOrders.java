package org.thplab.fs.shmem.linux6;

import org.thplab.api.fs.VmArea;

/**
 * shmem_allowable_huge_orders() for the PMD order (6.14+), as a fault asks it: whether a fault
 * through {@code vma} at file page {@code index} may allocate a PMD-order page.
 */
final class HugeOrders {
    private HugeOrders() {
    }

    /**
     * Not VM_NOHUGEPAGE, shmem_enabled not {@code deny}; then {@code force} allows, else the
     * mount's huge= option: always; within_size when the huge page holding {@code index} ends
     * within the file's size (in whole pages), else as advise; advise when the mapping has
     * VM_HUGEPAGE; never.
     *
     * @param sizePages round_up(i_size, PAGE_SIZE) in pages
     * @param nr        HPAGE_PMD_NR
     */
    static boolean pmdAllowed(HugeOption huge, String shmemEnabled, VmArea vma, long index, long sizePages, int nr) {
        if (vma != null && vma.nohugepage() || "deny".equals(shmemEnabled)) {
            return false;
        }
        if ("force".equals(shmemEnabled)) {
            return true;
        }
        return switch (huge) {
            case NEVER -> false;
            case ALWAYS -> true;
            case WITHIN_SIZE -> ((index & -(long) nr) + nr <= sizePages) || advised(vma);
            case ADVISE -> advised(vma);
        };
    }

    private static boolean advised(VmArea vma) {
        return vma != null && vma.hugepage();
    }
}
