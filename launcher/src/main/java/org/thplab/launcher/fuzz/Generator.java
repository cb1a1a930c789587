package org.thplab.launcher.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.thplab.api.fs.DeclaredOption;

/**
 * Writes a random workload script from a seed: knobs, mounts and files, maps of anonymous
 * (private and shared) and file memory, stores and loads, fork and exit, mprotect, munmap,
 * mremap, madvise (huge-page advice, dontneed, collapse, remove), truncate, hole punch,
 * khugepaged, queued work and reclaim. Every {@code verify} it writes asserts what the
 * {@link ByteModel} says the pages hold ({@code bad=N}), so that a wrong byte fails the script
 * itself. The same seed and vocabulary always write the same script.
 */
final class Generator {
    /** The ops and how often each is drawn, out of their sum. */
    private enum Op {
        WRITE(18), VERIFY(14), READ(6), MAP(8), FORK(4), EXIT(3), MPROTECT(6), MUNMAP(4), MREMAP(4),
        ADVICE(5), DONTNEED(4), COLLAPSE(5), REMOVE(2), KHUGEPAGED(4), SETTLE(2), RECLAIM(2), TRUNCATE(4),
        PUNCH(4), KNOB(4), FILE(2);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(Op.values()).mapToInt(o -> o.weight).sum();
    private static final int MAX_PROCS = 4;
    private static final int MAX_REGIONS = 6;
    private final Vocabulary vocab;
    private final Random random;
    private final Draws draws;
    private final ByteModel model;
    private final MemoryBudget budget;
    private final List<String> lines = new ArrayList<>();
    private final List<String> mounts = new ArrayList<>();
    private int regionsMade;

    private Generator(Vocabulary vocab, long seed) {
        this.vocab = vocab;
        this.random = new Random(seed);
        this.draws = new Draws(random, vocab.pmdPages());
        this.model = new ByteModel(vocab.pmdPages());
        this.budget = new MemoryBudget(model, vocab.pmdPages());
    }

    /** The script of {@code seed}: set-up lines, then {@code ops} random commands, then a verify of every region. */
    static List<String> script(Vocabulary vocab, long seed, int ops) {
        Generator g = new Generator(vocab, seed);
        g.setUp();
        for (int done = 0, tries = 0; done < ops && tries < 20 * ops; tries++) {
            if (g.step(g.draw())) {
                done++;
            }
        }
        g.verifyAll();
        return g.lines;
    }

    private Op draw() {
        int n = random.nextInt(TOTAL_WEIGHT);
        for (Op op : Op.values()) {
            n -= op.weight;
            if (n < 0) {
                return op;
            }
        }
        throw new AssertionError();
    }

    private void setUp() {
        emit("memory " + MemoryBudget.MEMORY_PMDS + "pmd");
        if (random.nextInt(10) < 7) {
            knob();
        }
        int n = vocab.filesystems().isEmpty() ? 0 : 1 + random.nextInt(2);
        for (int i = 0; i < n; i++) {
            Vocabulary.Filesystem fs = vocab.filesystems().get(random.nextInt(vocab.filesystems().size()));
            StringBuilder line = new StringBuilder("mount M" + i + " type=" + fs.type());
            for (DeclaredOption o : fs.options()) {
                String value = random.nextInt(10) < 6 ? draws.value(o.kind()) : null;
                if (value != null) {
                    line.append(' ').append(o.name()).append('=').append(value);
                }
            }
            emit(line.toString());
            mounts.add("M" + i);
        }
    }

    /** Writes {@code op}'s line(s) if it applies now; whether it did. */
    private boolean step(Op op) {
        return switch (op) {
            case WRITE -> write();
            case VERIFY -> verify();
            case READ -> read();
            case MAP -> map();
            case FORK -> fork();
            case EXIT -> exit();
            case MPROTECT -> mprotect();
            case MUNMAP -> munmap();
            case MREMAP -> mremap();
            case ADVICE -> advise(random.nextBoolean() ? "hugepage" : "nohugepage");
            case DONTNEED -> advise("dontneed");
            case COLLAPSE -> advise("collapse");
            case REMOVE -> remove();
            case KHUGEPAGED -> emit("khugepaged");
            case SETTLE -> emit("settle");
            case RECLAIM -> emit("reclaim");
            case TRUNCATE -> truncate();
            case PUNCH -> punch();
            case KNOB -> knob();
            case FILE -> file() != null;
        };
    }

    /** Adds {@code line}, as the model restates it, and applies it to the model. */
    private boolean emit(String line) {
        String applied = model.apply(line);
        if (applied == null) {
            throw new IllegalStateException("the generator wrote a line its model refuses: " + line);
        }
        lines.add(applied);
        return true;
    }

    private boolean knob() {
        DeclaredOption o = vocab.knobs().get(random.nextInt(vocab.knobs().size()));
        String value = draws.value(o.kind());
        return value != null && emit("thp " + o.name() + "=" + value);
    }

    /** A new file on a random mount, its line written; null if nothing is mounted. */
    private FileModel file() {
        if (mounts.isEmpty()) {
            return null;
        }
        String name = "F" + model.files.size();
        int pages = random.nextInt(8) == 0 ? 0 : draws.size();
        if (!budget.fits(pages)) {
            return null;
        }
        emit("file " + name + " " + mounts.get(random.nextInt(mounts.size())) + " " + draws.units(pages));
        return model.files.get(name);
    }

    private FileModel anyFile() {
        List<FileModel> files = List.copyOf(model.files.values());
        return files.isEmpty() ? null : files.get(random.nextInt(files.size()));
    }

    private String liveProc() {
        List<String> procs = List.copyOf(model.procs.keySet());
        return procs.get(random.nextInt(procs.size()));
    }

    private static String regionName(int i) {
        return i < 26 ? String.valueOf((char) ('A' + i)) : "R" + i;
    }

    private boolean map() {
        String proc = liveProc();
        Map<String, RegionModel> regions = model.procs.get(proc);
        if (regions.size() >= MAX_REGIONS) {
            return false;
        }
        int pages = draws.size();
        if (!budget.fits(pages)) {
            return false;
        }
        String name = regionName(regionsMade++);
        int prot = random.nextInt(20) < 16 ? RegionModel.READ_WRITE : random.nextInt(4) < 3 ? RegionModel.READ
                : RegionModel.NONE;
        int kind = random.nextInt(20);
        FileModel file = kind < 12 ? null : anyFile();
        if (kind >= 12 && (file == null || random.nextInt(4) == 0)) {
            file = file();
            if (file == null || !budget.fits(pages)) {
                return false; // the file stays, unmapped
            }
        }
        StringBuilder line = new StringBuilder("map " + proc + " " + name);
        if (kind < 12) {
            line.append(" anon ").append(draws.units(pages)).append(kind >= 9 ? " shared" : "");
        } else {
            long off = switch (random.nextInt(5)) {
                case 0 -> file.pages == 0 ? 0 : random.nextInt((int) file.pages);
                case 1 -> file.pages < vocab.pmdPages() ? 0 : vocab.pmdPages() * random.nextInt(
                        (int) (file.pages / vocab.pmdPages()) + 1);
                default -> 0;
            };
            if (file.pages > off && random.nextInt(4) != 0) {
                pages = (int) Math.min(pages, file.pages - off); // mostly inside the file, sometimes past its end
            }
            boolean shared = random.nextInt(5) < 3;
            line.append(" file ").append(file.name).append(' ').append(draws.units(pages));
            if (off != 0) {
                line.append(" off=").append(draws.units(off));
            }
            line.append(shared ? "" : " private");
        }
        if (prot != RegionModel.READ_WRITE) {
            line.append(" prot=").append(prot == RegionModel.READ ? "r" : "none");
        }
        int shift = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        if (shift != 0) {
            line.append(" shift=").append(draws.units(shift));
        }
        return emit(line.toString());
    }

    /** A region of a live process: {@code {proc, name}}, or null if there is none. */
    private String[] anyRegion() {
        List<String[]> all = new ArrayList<>();
        model.procs.forEach((p, regions) -> regions.keySet().forEach(r -> all.add(new String[] {p, r})));
        return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
    }

    private RegionModel region(String[] pr) {
        return model.procs.get(pr[0]).get(pr[1]);
    }

    private String rangeWords(String[] pr, int[] range) {
        return pr[0] + " " + pr[1] + " " + draws.units(range[0]) + " " + draws.units(range[1]);
    }

    private boolean write() {
        String[] pr = anyRegion();
        if (pr == null) {
            return map();
        }
        RegionModel r = region(pr);
        int[] range = draws.range(r.pages());
        for (int tries = 0; tries < 4 && !r.writable(range[0]); tries++) {
            range = draws.range(r.pages()); // mostly where a store lands: a segv stops the command at once
        }
        int end = range[0];
        while (end < range[0] + range[1] && r.insideFile(end)) {
            end++; // beyond a file's end a huge tmpfs team may take the store: stores stay inside
        }
        if (end == range[0]) {
            return false;
        }
        range[1] = end - range[0];
        int value = random.nextInt(16) == 0 ? 0 : 1 + random.nextInt(255);
        return emit("write " + rangeWords(pr, range) + " " + value);
    }

    private boolean read() {
        String[] pr = anyRegion();
        return pr != null && emit("read " + rangeWords(pr, draws.range(region(pr).pages())));
    }

    /** A verify of readable pages from a random one on, asserting how many differ from one of them. */
    private boolean verify() {
        String[] pr = anyRegion();
        if (pr == null) {
            return false;
        }
        RegionModel r = region(pr);
        int first = random.nextInt(r.pages());
        if (!r.readable(first)) {
            return false;
        }
        int limit = Math.min(r.pages(), first + 1 + random.nextInt(2 * vocab.pmdPages()));
        int end = first;
        while (end < limit && r.readable(end)) {
            end++;
        }
        return emitVerify(pr, r, first, end - first);
    }

    /** A verify of {@code count} readable pages from {@code first} against one's value; the model says bad=. */
    private boolean emitVerify(String[] pr, RegionModel r, int first, int count) {
        int value = r.value(first + random.nextInt(count));
        return emit("verify " + rangeWords(pr, new int[] {first, count}) + " " + value + " bad=0");
    }

    /** At the end: every readable run of every region verified. */
    private void verifyAll() {
        model.procs.forEach((p, regions) -> regions.forEach((name, r) -> {
            for (int i = 0; i < r.pages(); ) {
                if (!r.readable(i)) {
                    i++;
                    continue;
                }
                int end = i;
                while (end < r.pages() && r.readable(end)) {
                    end++;
                }
                emitVerify(new String[] {p, name}, r, i, end - i);
                i = end;
            }
        }));
    }

    private boolean fork() {
        if (model.procs.size() >= MAX_PROCS) {
            return false;
        }
        String child = null;
        for (int i = 0; child == null; i++) {
            child = model.procs.containsKey("p" + i) ? null : "p" + i;
        }
        String parent = liveProc();
        if (!budget.fitsFork(parent)) {
            return false;
        }
        return emit("fork " + parent + " " + child);
    }

    private boolean exit() {
        if (model.procs.size() < 2) {
            return false;
        }
        return emit("exit " + liveProc());
    }

    private static final String[] PROTS = {"none", "r", "rw"};

    private boolean mprotect() {
        String[] pr = anyRegion();
        if (pr == null) {
            return false;
        }
        RegionModel r = region(pr);
        int[] range = draws.range(r.pages());
        int prot = random.nextInt(3);
        return emit("mprotect " + rangeWords(pr, range) + " " + PROTS[prot]);
    }

    private boolean munmap() {
        String[] pr = anyRegion();
        if (pr == null) {
            return false;
        }
        RegionModel r = region(pr);
        int[] range = draws.range(r.pages());
        if (random.nextInt(3) != 0) {
            range[1] = Math.min(range[1], 1 + random.nextInt(16)); // mostly a hole, not the whole region
        }
        return emit("munmap " + rangeWords(pr, range));
    }

    private boolean mremap() {
        String[] pr = anyRegion();
        if (pr == null || !region(pr).oneMapping()) {
            return false; // the kernel moves one mapping only (EFAULT across several)
        }
        String to = random.nextInt(3) == 0 ? pr[1] : regionName(regionsMade++);
        RegionModel old = region(pr);
        int pages = random.nextBoolean() ? old.pages() : draws.size();
        if (!budget.fitsResize(old.pages(), pages)) {
            return false;
        }
        StringBuilder line = new StringBuilder("mremap " + pr[0] + " " + pr[1] + " " + to);
        if (pages != old.pages()) {
            line.append(" len=").append(draws.units(pages));
        }
        int shift = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        if (shift != 0) {
            line.append(" shift=").append(draws.units(shift));
        }
        return emit(line.toString());
    }

    private boolean advise(String advice) {
        String[] pr = anyRegion();
        if (pr == null) {
            return false;
        }
        RegionModel r = region(pr);
        int[] range = draws.range(r.pages());
        return emit("madvise " + rangeWords(pr, range) + " " + advice);
    }

    /** {@code madvise remove}: only on a shared, writable, wholly mapped range (else the kernel refuses it). */
    private boolean remove() {
        String[] pr = anyRegion();
        if (pr == null || !region(pr).shared) {
            return false;
        }
        RegionModel r = region(pr);
        int[] range = draws.range(r.pages());
        for (int i = range[0]; i < range[0] + range[1]; i++) {
            if (r.prot[i] != RegionModel.READ_WRITE) {
                return false;
            }
        }
        return emit("madvise " + rangeWords(pr, range) + " remove");
    }

    private boolean truncate() {
        FileModel f = anyFile();
        if (f == null) {
            return false;
        }
        long pages = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> f.pages / 2;
            default -> draws.size();
        };
        if (!budget.fitsResize(f.pages, pages)) {
            return false;
        }
        return emit("truncate " + f.name + " " + draws.units(pages));
    }

    private boolean punch() {
        FileModel f = anyFile();
        if (f == null || f.pages == 0) {
            return false;
        }
        int[] range = draws.range((int) f.pages);
        return emit("punch " + f.name + " " + draws.units(range[0]) + " " + draws.units(range[1]));
    }
}
