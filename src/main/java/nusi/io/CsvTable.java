package nusi.io;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A numeric table with named columns (names carry units, e.g. {@code E_low_MeV}), written as CSV with a
 * header row through Jackson's CSV module. Doubles are written with full precision (repr form).
 */
public final class CsvTable {
    private static final CsvMapper MAPPER = new CsvMapper();

    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    public CsvTable(List<String> columns) {
        for (String c : columns) {
            if (c.isEmpty() || c.contains(",") || c.contains("\"") || c.contains("\n")) {
                throw new IllegalArgumentException("CSV column name must be non-empty without commas, quotes or "
                        + "newlines, got '" + c + "'");
            }
        }
        this.columns = List.copyOf(columns);
    }

    public CsvTable(String... columns) {
        this(List.of(columns));
    }

    public List<String> columns() {
        return columns;
    }

    public CsvTable add(double... row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values for " + columns.size() + " columns");
        }
        rows.add(row.clone());
        return this;
    }

    public List<double[]> rows() {
        return List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Header and rows; numbers in full precision (repr form). Column names are plain (no quoting needed). */
    public String toCsv() {
        StringBuilder out = new StringBuilder(32 + rows.size() * columns.size() * 24);
        out.append(String.join(",", columns)).append('\n');
        for (double[] r : rows) {
            for (int j = 0; j < r.length; j++) {
                if (j > 0) {
                    out.append(',');
                }
                out.append(r[j]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    public void write(Path file) {
        AtomicFiles.writeString(file, toCsv());
    }

    /** Reads a table written by {@link #write}. */
    public static CsvTable read(Path file) {
        try (MappingIterator<List<String>> it = MAPPER.readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(file.toFile())) {
            List<List<String>> all = it.readAll();
            if (all.isEmpty()) {
                throw new IOException("empty file");
            }
            CsvTable t = new CsvTable(all.get(0));
            for (int i = 1; i < all.size(); i++) {
                List<String> r = all.get(i);
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                double[] v = new double[r.size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = Double.parseDouble(r.get(j));
                }
                t.add(v);
            }
            return t;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read CSV " + file + ": " + e.getMessage(), e));
        }
    }
}
