package org.thplab.launcher.fuzz;

import java.util.Arrays;

/**
 * One region of one process as the model sees it, page by page: whether it is mapped and with
 * which protection, its {@code madvise} huge-page advice (the two together say where the
 * region's mappings split), and for private memory the page's own copy.
 */
final class RegionModel {
    static final int UNMAPPED = -1;
    static final int NONE = 0;
    static final int READ = 1;
    static final int READ_WRITE = 2;
    /** A private page not copied yet: it reads through to the file. */
    static final int NO_COPY = -1;

    /** The file behind the region (shared anonymous memory's own), or null for private anonymous memory. */
    final FileModel file;
    final boolean shared;
    /** The file page the region's first page maps. */
    final long filePage;
    final int[] prot;
    final byte[] advice;
    /** Private pages: the page's value, or {@link #NO_COPY} for a private file page not written yet. */
    final int[] copy;
    /** A file (or shared anonymous) mapping whose file offset is not PMD-congruent with its address. */
    boolean misalignedFile;
    /**
     * Whether an mprotect or madvise of part of it ever split its mapping: the parts may not merge
     * back even when alike again, since each may have got an anon_vma of its own (Linux's
     * is_mergeable_anon_vma), and the model does not follow anon_vmas.
     */
    boolean splitOnce;

    RegionModel(FileModel file, boolean shared, long filePage, int pages, int prot) {
        this.file = file;
        this.shared = shared;
        this.filePage = filePage;
        this.prot = new int[pages];
        this.advice = new byte[pages];
        this.copy = new int[pages];
        Arrays.fill(this.prot, prot);
        Arrays.fill(this.copy, file == null ? 0 : NO_COPY);
    }

    private RegionModel(RegionModel r, int pages) {
        this(r.file, r.shared, r.filePage, pages, r.prot[0]);
        int keep = Math.min(pages, r.pages());
        System.arraycopy(r.prot, 0, prot, 0, keep);
        System.arraycopy(r.advice, 0, advice, 0, keep);
        System.arraycopy(r.copy, 0, copy, 0, keep);
        Arrays.fill(advice, keep, pages, r.advice[0]);
        misalignedFile = r.misalignedFile;
        splitOnce = r.splitOnce;
    }

    int pages() {
        return prot.length;
    }

    /** The region as a child gets it at fork, or as {@code mremap} to {@code pages} leaves it. */
    RegionModel copy(int pages) {
        return new RegionModel(this, pages);
    }

    /** Whether page {@code i} lies inside its file (always, for private anonymous memory). */
    boolean insideFile(int i) {
        return file == null || filePage + i < file.pages;
    }

    /** Whether a load from page {@code i} succeeds. */
    boolean readable(int i) {
        return prot[i] >= READ && insideFile(i);
    }

    /** Whether a store into page {@code i} succeeds. */
    boolean writable(int i) {
        return prot[i] == READ_WRITE && insideFile(i);
    }

    /** What a load from readable page {@code i} finds. */
    int value(int i) {
        return shared || copy[i] == NO_COPY ? file.value(filePage + i) : copy[i];
    }

    /** A store of {@code value} into writable page {@code i}. */
    void store(int i, int value) {
        if (shared) {
            file.set(filePage + i, value);
        } else {
            copy[i] = value;
        }
    }

    /** {@code madvise dontneed} of page {@code i}: anonymous pages read zero, private file pages the file again. */
    void dontneed(int i) {
        if (!shared) {
            copy[i] = file == null ? 0 : NO_COPY;
        }
    }

    /** Whether the whole region is surely one mapping (what {@code mremap} needs): never split, all mapped, alike. */
    boolean oneMapping() {
        if (splitOnce) {
            return false;
        }
        for (int i = 0; i < pages(); i++) {
            if (prot[i] == UNMAPPED || prot[i] != prot[0] || advice[i] != advice[0]) {
                return false;
            }
        }
        return true;
    }
}
