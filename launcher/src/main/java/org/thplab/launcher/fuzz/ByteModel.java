package org.thplab.launcher.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every page of a script's machine must hold, kept beside the script as it is written:
 * the live processes with their regions, and the files. Each method is one command's effect on
 * the bytes, as Linux defines it; the {@link Generator} asks the model what a {@code verify}
 * must find. Maps keep the order things were made in, so that a seed always writes one script.
 */
final class ByteModel {
    final Map<String, Map<String, RegionModel>> procs = new LinkedHashMap<>();
    final Map<String, FileModel> files = new LinkedHashMap<>();

    ByteModel() {
        procs.put("p0", new LinkedHashMap<>());
    }

    /** {@code fork}: the child gets every region, private pages copied. */
    void fork(String parent, String child) {
        Map<String, RegionModel> regions = new LinkedHashMap<>();
        procs.get(parent).forEach((name, r) -> regions.put(name, r.copy(r.pages())));
        procs.put(child, regions);
    }

    /** {@code truncate}: the file's pages past the end go, with every private copy of them. */
    void truncate(FileModel file, long pages) {
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

    /**
     * {@code write}: stores {@code value} into pages {@code [first, first + count)} until one
     * cannot be stored into (the kernel's SIGSEGV or SIGBUS stops the command there).
     */
    static void write(RegionModel r, int first, int count, int value) {
        for (int i = first; i < first + count && r.writable(i); i++) {
            r.store(i, value);
        }
    }

    /** {@code mremap} of region {@code name} of {@code proc} to {@code newName}, {@code pages} long. */
    RegionModel mremap(String proc, String name, String newName, int pages) {
        Map<String, RegionModel> regions = procs.get(proc);
        RegionModel moved = regions.remove(name).copy(pages);
        regions.put(newName, moved);
        return moved;
    }
}
