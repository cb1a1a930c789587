/**
 * struct page, page_alloc.c, pageteam.h and the reference helpers of mm.h: per-pfn state in
 * primitive arrays ({@link org.thplab.mm.page.MemMap}), the buddy allocator, get_page /
 * put_page / compound_head / prep_compound_page and the deferred split queue
 * ({@link org.thplab.mm.page.PageRefs}), and team usage ({@link org.thplab.mm.page.PageTeam}).
 *
 * <p>Layer: above {@code stat} only (put_page counts deferred splits). Everything that maps or
 * frees a page goes through here; nothing here knows page tables or mappings.
 */
package org.thplab.mm.page;
