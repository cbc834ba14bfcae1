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

    /**
     * What to scan: where, the CSV columns after "index", the parameters that define the points, how many, and
     * which shard of them (shard k of n: the points i with i mod n = k; 0 of 1 is the whole scan). A shard has its
     * own files (NAME.shard-k-of-n.*) and lock, so shards can run at once in one folder; their parameters are the
     * whole scan's, so that `scan merge` can check and combine them.
     */
    public record Plan(Path directory, String name, List<String> columns, JsonNode parameters, int points, int shard,
                       int shards) {
        public Plan {
            Objects.requireNonNull(directory);
            Objects.requireNonNull(parameters);
            columns = List.copyOf(columns);
            if (points < 1) {
                throw new IllegalArgumentException("a scan needs at least 1 point, got " + points);
            }
            if (shards < 1 || shard < 0 || shard >= shards) {
                throw new IllegalArgumentException("shard " + shard + " of " + shards + ": needs 0 <= shard < shards");
            }
        }

        /** The whole scan. */
        public Plan(Path directory, String name, List<String> columns, JsonNode parameters, int points) {
            this(directory, name, columns, parameters, points, 0, 1);
        }

        /** The file stem: NAME, or NAME.shard-k-of-n. */
        public String stem() {
            return shards == 1 ? name : name + ".shard-" + shard + "-of-" + shards;
        }

        public Path result() {
            return directory.resolve(stem() + ".csv");
        }

        Path journal() {
            return directory.resolve(stem() + ".partial.csv");
        }

        public Path parametersFile() {
            return directory.resolve(stem() + ".scan.json");
        }

        Path lockFile() {
            return directory.resolve(shards == 1 ? LOCK_FILE : "." + stem() + ".lock");
        }

        /** Whether point i belongs to this shard. */
        boolean owns(int i) {
            return i % shards == shard;
        }

        /** Points of this shard. */
        int ownPoints() {
            return (points - shard + shards - 1) / shards;
        }

        String header() {
            return "index," + String.join(",", columns);
        }
    }

    /**
     * How a typed point becomes CSV cells (after the index) and back; encode must be deterministic (the files are
     * compared byte for byte) and decode its inverse.
     */
    public interface RowCodec<T> {
        List<String> encode(T point);

        T decode(List<String> cells);
    }

    /**
     * Runs (or resumes) a scan of typed points: {@link #run(Plan, PointComputation, int, boolean, Listener, int)}
     * with the cells produced and read through the codec.
     *
     * @return the points in index order, or null when stopped early
     */
    public static <T> List<T> run(Plan plan, RowCodec<T> codec, java.util.function.IntFunction<T> point, int threads,
                                  boolean resume, Listener listener, int stopAfter) {
        List<List<String>> rows = run(plan, i -> codec.encode(point.apply(i)), threads, resume, listener, stopAfter);
        if (rows == null) {
            return null;
        }
        List<T> out = new ArrayList<>(rows.size());
        for (List<String> r : rows) {
            out.add(codec.decode(r));
        }
        return out;
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
            Path lockFile = plan.lockFile();
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock;
                try {
                    lock = lockChannel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    throw new nusi.physics.ParameterException(plan.directory() + " is in use by another scan (it holds the "
                            + "lock " + lockFile + "): wait for that scan to finish, or choose another {OUTPUT}");
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
            listener.started(plan.ownPoints(), plan.ownPoints());
            return readRows(plan.result(), plan);
        }
        if (!resume && !journalExists && Files.exists(plan.result())) {
            throw new nusi.physics.ParameterException(plan.directory() + " already holds a finished scan "
                    + plan.result().getFileName() + ": rerun with {RESUME} to reuse it, or choose another {OUTPUT} "
                    + "(finished results are never overwritten)");
        }
        if (!resume && journalExists) {
            throw new nusi.physics.ParameterException(plan.directory() + " holds an unfinished scan '" + plan.name() + "' ("
                    + existing.size() + " of its points done): rerun with {RESUME} to continue it, or choose another "
                    + "{OUTPUT}");
        }
        Map<Integer, String> done = journalExists ? existing : new TreeMap<>();
        if (!journalExists) {
            Json.write(plan.parametersFile(), plan.parameters());
            AtomicFiles.writeString(plan.journal(), plan.header() + "\n");
        } else {
            truncateTornLine(plan.journal());
        }
        listener.started(plan.ownPoints(), done.size());
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < plan.points(); i++) {
            if (plan.owns(i) && !done.containsKey(i)) {
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
        if (stopAfter >= 0 && all.size() < plan.ownPoints()) {
            return null; // stopped early, as if killed: the journal keeps what was finished
        }
        if (all.size() != plan.ownPoints()) {
            throw new IllegalStateException("scan " + plan.stem() + " has " + all.size() + " of " + plan.ownPoints()
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
            throw new nusi.physics.ParameterException("{RESUME}: " + plan.parametersFile() + " is missing, so the scan in "
                    + plan.directory() + " cannot be checked; choose another {OUTPUT}");
        }
        JsonNode old = Json.read(plan.parametersFile());
        if (!old.equals(plan.parameters())) {
            List<String> differences = new ArrayList<>();
            differences(old, plan.parameters(), "", differences);
            throw new nusi.physics.ParameterException("{RESUME}: the scan in " + plan.directory() + " was made with other "
                    + "parameters: " + String.join("; ", differences) + "; use the same options or another {OUTPUT}");
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
            throw new nusi.physics.ParameterException(plan.journal() + " does not hold this scan's columns ("
                    + plan.header() + "); choose another {OUTPUT}");
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
                } else if (problem == null && !plan.owns(index)) {
                    problem = "index " + index + " is not a point of shard " + plan.shard() + " of " + plan.shards();
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
                throw new nusi.physics.ParameterException(plan.journal() + " line " + (k + 1) + ": " + problem
                        + "; the journal is damaged: repair or delete that line (the point is then recomputed), "
                        + "or choose another {OUTPUT}");
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

    /**
     * Combines the finished shards 0..n-1 of a scan in {@code directory} into NAME.csv and NAME.scan.json, exactly
     * as the unsharded scan writes them (rows in index order, the same text). Refuses missing, unfinished or
     * mismatched shards in one line.
     *
     * @return the number of shards merged
     */
    public static int merge(Path directory, String name, List<String> columns, int shards) {
        try {
            JsonNode parameters = null;
            Map<Integer, String> rows = new TreeMap<>();
            int points = -1;
            for (int k = 0; k < shards; k++) {
                Plan probe = new Plan(directory, name, columns, Json.object(), 1, k, shards);
                if (!Files.exists(probe.result())) {
                    throw new nusi.physics.ParameterException("scan merge: shard " + k + " of " + shards + " of " + name
                            + " is missing or unfinished (no " + probe.result().getFileName() + " in " + directory
                            + "); run or resume it with {SHARD} " + k + "/" + shards);
                }
                JsonNode p = Json.read(probe.parametersFile());
                if (parameters == null) {
                    parameters = p;
                } else if (!parameters.equals(p)) {
                    List<String> d = new ArrayList<>();
                    differences(parameters, p, "", d);
                    throw new IllegalArgumentException("scan merge: shard " + k + " of " + name
                            + " was made with other parameters than shard 0: " + String.join("; ", d));
                }
                String header = "index," + String.join(",", columns);
                List<String> lines = Files.readAllLines(probe.result(), StandardCharsets.UTF_8);
                if (lines.isEmpty() || !lines.get(0).equals(header)) {
                    throw new IllegalArgumentException("scan merge: " + probe.result() + " does not hold the columns "
                            + header);
                }
                for (String line : lines.subList(1, lines.size())) {
                    int index = Integer.parseInt(line.substring(0, line.indexOf(',')));
                    if (index % shards != k || rows.put(index, line) != null) {
                        throw new IllegalArgumentException("scan merge: " + probe.result() + " holds point " + index
                                + ", which is not a point of shard " + k + " of " + shards);
                    }
                }
            }
            points = rows.size();
            for (int i = 0; i < points; i++) {
                if (!rows.containsKey(i)) {
                    throw new IllegalArgumentException("scan merge: point " + i + " of " + name + " is in no shard");
                }
            }
            Plan whole = new Plan(directory, name, columns, parameters, points);
            StringBuilder sb = new StringBuilder(whole.header()).append('\n');
            for (String line : rows.values()) {
                sb.append(line).append('\n');
            }
            Json.write(whole.parametersFile(), parameters);
            AtomicFiles.writeString(whole.result(), sb.toString());
            return shards;
        } catch (IOException e) {
            throw new UncheckedIOException("scan merge of " + name + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The shard count n of the shard files of a scan in a folder (NAME.shard-k-of-n.csv), or 0 if none. */
    public static int shardsIn(Path directory, String name) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (var files = Files.list(directory)) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name)
                    + "\\.shard-\\d+-of-(\\d+)\\.(csv|partial\\.csv|scan\\.json)");
            java.util.Set<Integer> counts = new java.util.TreeSet<>();
            files.forEach(f -> {
                java.util.regex.Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    counts.add(Integer.parseInt(m.group(1)));
                }
            });
            if (counts.size() > 1) {
                throw new IllegalArgumentException("scan merge: " + directory + " holds shards of " + name
                        + " from different shard counts " + counts + "; keep one set");
            }
            return counts.isEmpty() ? 0 : counts.iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<List<String>> readRows(Path file, Plan plan) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(plan.header())) {
            throw new nusi.physics.ParameterException(file + " does not hold this scan's columns; choose another {OUTPUT}");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            rows.add(List.of(cells).subList(1, cells.length));
        }
        return rows;
    }
}
