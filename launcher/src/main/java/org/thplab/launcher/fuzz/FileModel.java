package org.thplab.launcher.fuzz;

import java.util.HashMap;
import java.util.Map;

/**
 * What a file's pages must hold: its size in pages and the value of each page written
 * (a page never written, punched or truncated away reads as 0). Shared anonymous memory is
 * modelled as a file of the mapping's first length, as the kernel backs it.
 */
final class FileModel {
    /** The file's name in the script, or null for shared anonymous memory. */
    final String name;
    /** The size in pages. */
    long pages;
    private final Map<Long, Integer> values = new HashMap<>();

    FileModel(String name, long pages) {
        this.name = name;
        this.pages = pages;
    }

    /** What page {@code index} holds (0 if never written). */
    int value(long index) {
        return values.getOrDefault(index, 0);
    }

    void set(long index, int value) {
        if (value == 0) {
            values.remove(index);
        } else {
            values.put(index, value);
        }
    }

    /** {@code truncate}: the pages at and past the new size are gone; growing adds zero pages. */
    void truncate(long newPages) {
        values.keySet().removeIf(i -> i >= newPages);
        pages = newPages;
    }

    /** {@code punch}, or {@code madvise remove}: the pages read as zero again, the size stays. */
    void punch(long first, long count) {
        values.keySet().removeIf(i -> i >= first && i < first + count);
    }
}
