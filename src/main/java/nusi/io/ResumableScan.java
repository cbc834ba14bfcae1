package nusi.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scan over independent points that survives being killed. Each finished point is appended as one line to
 * {@code NAME.partial.csv} and forced to disk before the next is reported, so an interrupted scan loses at
 * most the points in flight; a torn last line (no newline) is ignored on resume. When every point is done,
 * {@code NAME.csv} is written atomically in index order and the journal removed; so a resumed scan produces
 * the same file, byte for byte, as an uninterrupted one (points are deterministic). The scan's parameters
 * are kept in {@code NAME.scan.json}; resuming with different parameters is refused.
 */
public final class ResumableScan {
    /** The lock file of a scan folder (held while a scan runs in it). */
    public static final String LOCK_FILE = ".scan.lock";

    private ResumableScan() {
    }

    /** What to scan: where, the CSV columns after "index", the parameters that define the points, how many. */
    public record Plan(Path directory, String name, List<String> columns, JsonNode parameters, int points) {
        public Plan {
            Objects.requireNonNull(directory);
            Objects.requireNonNull(parameters);
            columns = List.copyOf(columns);
            if (points < 1) {
                throw new IllegalArgumentException("a scan needs at least 1 point, got " + points);
            }
        }

        public Path result() {
            return directory.resolve(name + ".csv");
        }

        Path journal() {
            return directory.resolve(name + ".partial.csv");
        }

        Path parametersFile() {
            return directory.resolve(name + ".scan.json");
        }

        String header() {
            return "index," + String.join(",", columns);
        }
    }

    /** Computes the CSV cells (after the index) of one point; must be deterministic and thread-safe. */
    @FunctionalInterface
    public interface PointComputation {
        List<String> compute(int index);
    }

    /** Told how many points there are, how many were already done, and of each newly finished one. */
    public interface Listener {
        void started(int total, int alreadyDone);

        void finished(int index);

        Listener NONE = new Listener() {
            @Override
            public void started(int total, int alreadyDone) {
            }

            @Override
            public void finished(int index) {
            }
        };
    }

    /**
     * Runs (or resumes) the scan.
     *
     * @param stopAfter  stop after this many newly computed points, as if killed (negative: run to the end)
     * @return the rows of the finished scan in index order (cells after the index), or null when stopped early
     */
    public static List<List<String>> run(Plan plan, PointComputation point, int threads, boolean resume,
                                         Listener listener, int stopAfter) {
        try {
            Files.createDirectories(plan.directory());
            // One scan at a time per folder: a second process (or thread) is refused, not interleaved (two racing
            // scans lost finished points before this lock).
            Path lockFile = plan.directory().resolve(LOCK_FILE);
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock;
                try {
                    lock = lockChannel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new IllegalArgumentException(plan.directory() + " is in use by another scan (it holds the "
                            + "lock " + lockFile + "): wait for that scan to finish, or choose another --out");
                }
                try {
                    return runChecked(plan, point, threads, resume, listener, stopAfter);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("scan " + plan.name() + " in " + plan.directory() + ": " + e.getMessage(), e);
        }
    }

    private static List<List<String>> runChecked(Plan plan, PointComputation point, int threads, boolean resume,
                                                 Listener listener, int stopAfter) throws IOException {
        Files.createDirectories(plan.directory());
        Map<Integer, String> existing = Files.exists(plan.journal()) ? readJournal(plan) : null;
        if (existing != null && existing.isEmpty()) {
            // An earlier run that finished no point (e.g. stopped by a bad option): nothing to keep.
            Files.delete(plan.journal());
            existing = null;
        }
        boolean journalExists = existing != null;
        if (resume && (journalExists || Files.exists(plan.result()))) {
            requireSameParameters(plan);
        }
        if (resume && !journalExists && Files.exists(plan.result())) {
            listener.started(plan.points(), plan.points());
            return readRows(plan.result(), plan);
        }
        if (!resume && journalExists) {
            throw new IllegalArgumentException(plan.directory() + " holds an unfinished scan '" + plan.name() + "' ("
                    + existing.size() + " of its points done): rerun with --resume to continue it, or choose another "
                    + "--out");
        }
        Map<Integer, String> done = journalExists ? existing : new TreeMap<>();
        if (!journalExists) {
            Json.write(plan.parametersFile(), plan.parameters());
            AtomicFiles.writeString(plan.journal(), plan.header() + "\n");
        } else {
            truncateTornLine(plan.journal());
        }
        listener.started(plan.points(), done.size());
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < plan.points(); i++) {
            if (!done.containsKey(i)) {
                pending.add(i);
            }
        }
        AtomicInteger claimed = new AtomicInteger();
        try (FileChannel journal = FileChannel.open(plan.journal(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "scan-" + plan.name());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int index : pending) {
                    futures.add(pool.submit(() -> {
                        if (stopAfter >= 0 && claimed.incrementAndGet() > stopAfter) {
                            return;
                        }
                        List<String> cells = point.compute(index);
                        if (cells.size() != plan.columns().size()) {
                            throw new IllegalStateException("point " + index + " gave " + cells.size()
                                    + " cells for " + plan.columns().size() + " columns");
                        }
                        String line = index + "," + String.join(",", cells) + "\n";
                        synchronized (journal) {
                            try {
                                journal.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                                journal.force(false);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }
                        listener.finished(index);
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("scan interrupted; finished points are kept in " + plan.journal(), e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
            }
        }
        Map<Integer, String> all = readJournal(plan);
        if (stopAfter >= 0 && all.size() < plan.points()) {
            return null; // stopped early, as if killed: the journal keeps what was finished
        }
        if (all.size() != plan.points()) {
            throw new IllegalStateException("scan " + plan.name() + " has " + all.size() + " of " + plan.points()
                    + " points after running");
        }
        StringBuilder sb = new StringBuilder(plan.header()).append('\n');
        for (String line : all.values()) {
            sb.append(line).append('\n');
        }
        AtomicFiles.writeString(plan.result(), sb.toString());
        Files.deleteIfExists(plan.journal());
        return readRows(plan.result(), plan);
    }

    private static void requireSameParameters(Plan plan) {
        if (!Files.exists(plan.parametersFile())) {
            throw new IllegalArgumentException("--resume: " + plan.parametersFile() + " is missing, so the scan in "
                    + plan.directory() + " cannot be checked; choose another --out");
        }
        JsonNode old = Json.read(plan.parametersFile());
        if (!old.equals(plan.parameters())) {
            List<String> differences = new ArrayList<>();
            differences(old, plan.parameters(), "", differences);
            throw new IllegalArgumentException("--resume: the scan in " + plan.directory() + " was made with other "
                    + "parameters: " + String.join("; ", differences) + "; use the same options or another --out");
        }
    }

    /** The leaves that differ between two parameter trees, as "path: was X, now Y". */
    static void differences(JsonNode was, JsonNode now, String path, List<String> out) {
        if (was != null && now != null && was.isObject() && now.isObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            was.fieldNames().forEachRemaining(keys::add);
            now.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                differences(was.get(k), now.get(k), path.isEmpty() ? k : path + "." + k, out);
            }
        } else if (!Objects.equals(was, now)) {
            out.add(path + ": was " + (was == null ? "absent" : was.toString()) + ", now "
                    + (now == null ? "absent" : now.toString()));
        }
    }

    /** Finished lines of the journal by index; a last line without newline (torn by a kill) is ignored. */
    static Map<Integer, String> readJournal(Plan plan) throws IOException {
        String text = Files.readString(plan.journal(), StandardCharsets.UTF_8);
        Map<Integer, String> rows = new TreeMap<>();
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].equals(plan.header())) {
            throw new IllegalArgumentException(plan.journal() + " does not hold this scan's columns ("
                    + plan.header() + "); choose another --out");
        }
        // The last element is "" after a final newline, or a torn line (a kill mid-write): both skipped. Any other
        // damage is refused, naming the line: nothing is written as final from a journal that cannot be trusted.
        int columns = plan.columns().size() + 1;
        for (int k = 1; k < lines.length - 1; k++) {
            String line = lines[k];
            String problem = null;
            String[] cells = line.split(",", -1);
            int index = -1;
            if (line.isEmpty()) {
                problem = "empty line";
            } else if (cells.length != columns) {
                problem = cells.length + " cells, expected " + columns;
            } else {
                try {
                    index = Integer.parseInt(cells[0]);
                } catch (NumberFormatException e) {
                    problem = "index '" + cells[0] + "' is not an integer";
                }
                if (problem == null && (index < 0 || index >= plan.points())) {
                    problem = "index " + index + " outside [0, " + (plan.points() - 1) + "]";
                } else if (problem == null && rows.containsKey(index)) {
                    problem = "index " + index + " appears twice";
                }
                for (int c = 1; problem == null && c < cells.length; c++) {
                    if (cells[c].isEmpty()) {
                        problem = "cell " + c + " is empty";
                    }
                }
            }
            if (problem != null) {
                throw new IllegalArgumentException(plan.journal() + " line " + (k + 1) + ": " + problem
                        + "; the journal is damaged: repair or delete that line (the point is then recomputed), "
                        + "or choose another --out");
            }
            rows.put(index, line);
        }
        return rows;
    }

    private static void truncateTornLine(Path journal) throws IOException {
        byte[] bytes = Files.readAllBytes(journal);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end != bytes.length) {
            try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
    }

    private static List<List<String>> readRows(Path file, Plan plan) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(plan.header())) {
            throw new IllegalArgumentException(file + " does not hold this scan's columns; choose another --out");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            rows.add(List.of(cells).subList(1, cells.length));
        }
        return rows;
    }
}
