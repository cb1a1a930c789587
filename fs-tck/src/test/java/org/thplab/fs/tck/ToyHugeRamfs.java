package org.thplab.fs.tck;

import java.util.HashMap;
import java.util.Map;
import org.thplab.api.fs.FaultReply;
import org.thplab.api.fs.FileMapping;
import org.thplab.api.fs.FilesystemType;
import org.thplab.api.fs.FsServices;
import org.thplab.api.fs.PageFlags;
import org.thplab.api.fs.Pages;
import org.thplab.api.fs.VmFault;
import org.thplab.api.fs.VmOperations;

/**
 * A filesystem of PMD-order compound pages for the compound kit's self-test: an aligned fault
 * in an empty extent caches a compound page, others small pages; truncate and punch split a
 * cut compound page. The mistakes a compound-page plugin can make are switches.
 */
final class ToyHugeRamfs implements FilesystemType {
    enum Mistake { NONE, ADDS_WITHOUT_REFERENCE, FREES_WHILE_MAPPED }

    private final Mistake mistake;

    ToyHugeRamfs(Mistake mistake) {
        this.mistake = mistake;
    }

    @Override
    public String name() {
        return "toyhugefs";
    }

    @Override
    public Filesystem mount(Map<String, String> options, FsServices services) {
        Map<String, FsFile> files = new HashMap<>();
        return name -> files.computeIfAbsent(name, n -> new File(services));
    }

    private final class File implements FsFile, VmOperations {
        private final Pages pages;
        private final FileMapping mapping;
        private final long pageSize;
        private final int nr;
        private final int order;

        File(FsServices services) {
            this.pages = services.pages();
            this.mapping = services.newMapping(this);
            this.pageSize = services.geometry().pageSize();
            this.nr = services.geometry().hpagePmdNr();
            this.order = services.geometry().hpagePmdOrder();
        }

        @Override
        public FileMapping mapping() {
            return mapping;
        }

        @Override
        public int fault(VmFault vmf) {
            long index = vmf.pgoff();
            if (index * pageSize >= mapping.size()) {
                return FaultReply.SIGBUS;
            }
            mapping.treeLock().lock();
            try {
                long page = mapping.find(index);
                if (page == FileMapping.NO_PAGE) {
                    page = vmf.vma().pmdSuitable(vmf.address()) && emptyExtent(index & -(long) nr)
                            ? huge(index) : small(index);
                    if (page == Pages.NO_PAGE) {
                        return FaultReply.OOM;
                    }
                }
                pages.getPage(page);
                vmf.setPage(page);
                return FaultReply.OK;
            } finally {
                mapping.treeLock().unlock();
            }
        }

        private boolean emptyExtent(long first) {
            for (long i = first; i < first + nr; i++) {
                if (mapping.find(i) != FileMapping.NO_PAGE) {
                    return false;
                }
            }
            return true;
        }

        private long huge(long index) {
            long head = pages.allocCompoundPage(order);
            if (head == Pages.NO_PAGE) {
                return small(index);
            }
            pages.changeFlags(head, PageFlags.UPTODATE, 0);
            mapping.addFolio(index & -(long) nr, head);
            if (mistake == Mistake.ADDS_WITHOUT_REFERENCE) {
                pages.putPage(head);
            }
            return head + (index & (nr - 1));
        }

        private long small(long index) {
            long page = pages.allocPages(0);
            if (page != Pages.NO_PAGE) {
                pages.changeFlags(page, PageFlags.UPTODATE, 0);
                mapping.add(index, page);
            }
            return page;
        }

        @Override
        public void truncate(long size) {
            long keep = (size + pageSize - 1) / pageSize;
            long old = ((mapping.size() + pageSize - 1) / pageSize + nr - 1) & -(long) nr;
            mapping.setSize(size);
            if (keep < old) {
                remove(keep, old - keep, true);
            }
        }

        @Override
        public void punchHole(long offset, long length) {
            long first = (offset + pageSize - 1) / pageSize;
            long end = (offset + length) / pageSize;
            if (end > first) {
                remove(first, end - first, false);
            }
        }

        private void remove(long first, long count, boolean truncating) {
            if (mistake != Mistake.FREES_WHILE_MAPPED) {
                mapping.unmapMappingRange(first, count, truncating);
            }
            for (long i = first; i < first + count; ) {
                long folio = -1;
                mapping.treeLock().lock();
                try {
                    long page = mapping.find(i);
                    if (page != FileMapping.NO_PAGE && pages.compoundOrder(page) > 0) {
                        folio = i - (page - pages.compoundHead(page));
                        if (folio >= first && folio + nr <= first + count) {
                            pages.putPage(mapping.deleteFolio(folio));
                            i = folio + nr;
                            continue;
                        }
                    } else if (page != FileMapping.NO_PAGE) {
                        pages.putPage(mapping.delete(i));
                    }
                } finally {
                    mapping.treeLock().unlock();
                }
                if (folio < 0 || !mapping.splitFolio(folio)) {
                    i++;
                }
            }
        }
    }
}
