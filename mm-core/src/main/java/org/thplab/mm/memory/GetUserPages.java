package org.thplab.mm.memory;

import org.thplab.mm.mmtypes.MmStruct;
import org.thplab.mm.mmtypes.Vma;

/** mm/gup.c: the pages behind user addresses, referenced for the caller, faulted in as needed. */
public final class GetUserPages {
    private final Memory memory;

    public GetUserPages(Memory memory) {
        this.memory = memory;
    }

    /**
     * get_user_pages() for one page: the frame at {@code addr} with a reference for the caller,
     * faulting it in (breaking copy-on-write for a write) as needed; -1 if the access is not
     * allowed. The caller holds the mmap lock for reading and drops the reference with put_page.
     */
    public long getUserPage(MmStruct mm, Vma vma, long addr, boolean write) {
        long page = memory.faultIn(mm, vma, addr, write, true);
        return page >= 0 ? page : -1;
    }
}
