package org.thplab.launcher.fuzz;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every page of a script's machine must hold, replayed from the script's own lines: the
 * live processes with their regions, and the files. {@link #apply} is each command's effect on
 * the bytes, as Linux defines it, and restates each {@code verify}'s {@code bad=N} from the
 * model; so the {@link Generator} writes a line and applies it, and the {@link Shrinker}'s
 * candidates, replayed, assert what is true of them (a line removed changes what later verifies
 * must find). Maps keep the order things were made in, so that a seed always writes one script.
 */
final class ByteModel {
    final Map<String, Map<String, RegionModel>> procs = new LinkedHashMap<>();
    final Map<String, FileModel> files = new LinkedHashMap<>();
    private final int pmdPages;

    ByteModel(int pmdPages) {
        this.pmdPages = pmdPages;
        procs.put("p0", new LinkedHashMap<>());
    }

    /** The model of {@code lines}, each verify restated; null if a line names what does not exist. */
    static java.util.List<String> replay(int pmdPages, java.util.List<String> lines) {
        ByteModel m = new ByteModel(pmdPages);
        java.util.List<String> out = new java.util.ArrayList<>(lines.size());
        for (String line : lines) {
            String applied = m.apply(line);
            if (applied == null) {
                return null;
            }
            out.add(applied);
        }
        return out;
    }

    /**
     * Applies one line the {@link Generator} writes; the line as it must read ({@code verify}'s
     * {@code bad=N} restated), or null if it names a process, region or file that does not exist
     * or a range outside its region.
     */
    String apply(String line) {
        String[] w = line.split(" ");
        try {
            return switch (w[0]) {
                case "file" -> {
                    files.put(w[1], new FileModel(w[1], pages(w[3])));
                    yield line;
                }
                case "map" -> map(w) ? line : null;
                case "fork" -> {
                    Map<String, RegionModel> regions = new LinkedHashMap<>();
                    procs.get(w[1]).forEach((name, r) -> regions.put(name, r.copy(r.pages())));
                    yield procs.putIfAbsent(w[2], regions) == null ? line : null;
                }
                case "exit" -> procs.remove(w[1]) != null ? line : null;
                case "truncate" -> {
                    truncate(files.get(w[1]), pages(w[2]));
                    yield line;
                }
                case "punch" -> {
                    files.get(w[1]).punch(pages(w[2]), pages(w[3]));
                    yield line;
                }
                case "mremap" -> mremap(w) ? line : null;
                case "write", "read", "verify", "mprotect", "munmap", "madvise" -> range(line, w);
                default -> line; // memory, thp, mount, khugepaged, settle, reclaim: the bytes stay
            };
        } catch (NullPointerException e) {
            return null; // a name the candidate no longer makes
        }
    }

    /** Pages of a size the generator wrote: {@code 0}, {@code 7page}, {@code 3pmd}. */
    private long pages(String size) {
        if (size.endsWith("pmd")) {
            return Long.parseLong(size.substring(0, size.length() - 3)) * pmdPages;
        }
        return size.endsWith("page") ? Long.parseLong(size.substring(0, size.length() - 4)) : Long.parseLong(size);
    }

    /** The value of option {@code key=} among {@code w} from {@code from}, or null. */
    private static String option(String[] w, int from, String key) {
        for (int i = from; i < w.length; i++) {
            if (w[i].startsWith(key + "=")) {
                return w[i].substring(key.length() + 1);
            }
        }
        return null;
    }

    private static boolean has(String[] w, int from, String word) {
        return Arrays.asList(w).subList(from, w.length).contains(word);
    }

    private static int prot(String p) {
        return p == null || p.equals("rw") ? RegionModel.READ_WRITE : p.equals("r") ? RegionModel.READ
                : RegionModel.NONE;
    }

    private boolean map(String[] w) {
        Map<String, RegionModel> regions = procs.get(w[1]);
        if (regions.containsKey(w[2])) {
            return false;
        }
        boolean anon = w[3].equals("anon");
        int from = anon ? 5 : 6;
        int pages = (int) pages(w[anon ? 4 : 5]);
        int prot = prot(option(w, from, "prot"));
        String shift = option(w, from, "shift");
        RegionModel r;
        if (anon) {
            boolean shared = has(w, from, "shared");
            r = new RegionModel(shared ? new FileModel(null, pages) : null, shared, 0, pages, prot);
        } else {
            String off = option(w, from, "off");
            r = new RegionModel(files.get(w[4]), !has(w, from, "private"), off == null ? 0 : pages(off), pages, prot);
        }
        r.misalignedFile = r.file != null && ((shift == null ? 0 : pages(shift)) - r.filePage) % pmdPages != 0;
        regions.put(w[2], r);
        return true;
    }

    private boolean mremap(String[] w) {
        Map<String, RegionModel> regions = procs.get(w[1]);
        RegionModel old = regions.get(w[2]);
        if (!old.oneMapping() || !w[3].equals(w[2]) && regions.containsKey(w[3])) {
            return false;
        }
        String len = option(w, 4, "len");
        String shift = option(w, 4, "shift");
        RegionModel moved = old.copy(len == null ? old.pages() : (int) pages(len));
        moved.splitOnce = false; // one mapping moved to a new place
        moved.misalignedFile = old.file != null && ((shift == null ? 0 : pages(shift)) - old.filePage) % pmdPages != 0;
        regions.remove(w[2]);
        regions.put(w[3], moved);
        return true;
    }

    /** {@code truncate}: the file's pages past the end go, with every private copy of them. */
    private void truncate(FileModel file, long pages) {
        file.truncate(pages);
        for (Map<String, RegionModel> regions : procs.values()) {
            for (RegionModel r : regions.values()) {
                if (r.file == file && !r.shared) {
                    for (int i = 0; i < r.pages(); i++) {
                        if (r.filePage + i >= pages) {
                            r.copy[i] = RegionModel.NO_COPY;
                        }
                    }
                }
            }
        }
    }

    /** The commands on {@code P R OFF LEN}; verify restated. */
    private String range(String line, String[] w) {
        RegionModel r = procs.get(w[1]).get(w[2]);
        int first = (int) pages(w[3]);
        int count = (int) pages(w[4]);
        if (first + count > r.pages()) {
            return null;
        }
        int end = first + count;
        if ((w[0].equals("mprotect") || w[0].equals("madvise") && w[5].endsWith("hugepage"))
                && (first != 0 || end != r.pages())) {
            r.splitOnce = true;
        }
        switch (w[0]) {
            case "write" -> {
                int value = Integer.parseInt(w[5]);
                for (int i = first; i < end && r.writable(i); i++) {
                    r.store(i, value); // a SIGSEGV or SIGBUS stops the command at the first page it cannot store to
                }
            }
            case "verify" -> {
                int value = Integer.parseInt(w[5]);
                int bad = 0;
                for (int i = first; i < end; i++) {
                    if (!r.readable(i)) {
                        return null; // the model cannot say what a load there finds
                    }
                    bad += r.value(i) == value ? 0 : 1;
                }
                return String.join(" ", Arrays.asList(w).subList(0, 6)) + " bad=" + bad;
            }
            case "mprotect" -> {
                int prot = prot(w[5]);
                for (int i = first; i < end; i++) {
                    r.prot[i] = r.prot[i] == RegionModel.UNMAPPED ? RegionModel.UNMAPPED : prot;
                }
            }
            case "munmap" -> Arrays.fill(r.prot, first, end, RegionModel.UNMAPPED);
            case "madvise" -> madvise(r, first, end, w[5]);
            default -> { } // read: the bytes stay
        }
        return line;
    }

    private static void madvise(RegionModel r, int first, int end, String advice) {
        if (advice.equals("remove")) {
            r.file.punch(r.filePage + first, end - first); // the generator asks it of shared rw ranges only
            return;
        }
        for (int i = first; i < end; i++) {
            if (r.prot[i] != RegionModel.UNMAPPED) {
                switch (advice) {
                    case "hugepage" -> r.advice[i] = 1;
                    case "nohugepage" -> r.advice[i] = 2;
                    case "dontneed" -> r.dontneed(i);
                    default -> { } // collapse: the bytes stay
                }
            }
        }
    }
}
