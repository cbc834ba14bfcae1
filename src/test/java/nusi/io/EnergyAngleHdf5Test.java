package nusi.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nusi.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * propagate --solver 2d --format hdf5 writes state.h5; read back with jhdf and with h5dump (Debian hdf5-tools,
 * installed by ./run.sh test: a reader that is not this project's), both must give the state of the CSV run of the
 * same point to full precision.
 */
class EnergyAngleHdf5Test {
    static int run(String... args) {
        java.io.StringWriter sink = new java.io.StringWriter();
        return Main.run(args, new java.io.PrintWriter(sink, true), new java.io.PrintWriter(sink, true));
    }

    @Test
    void hdf5StateEqualsTheCsvStateReadByJhdfAndByH5dump(@TempDir Path dir) throws Exception {
        String[] point = {"propagate", "--log-m", "-3.5", "--log-g", "-1.75", "--solver", "2d", "--energy-bins", "24",
            "--angle-bins", "7", "--threads", "1"};
        assertThat(run(concat(point, "--out", dir.resolve("csv").toString()))).isZero();
        assertThat(run(concat(point, "--format", "hdf5", "--out", dir.resolve("h5").toString()))).isZero();
        Path h5 = dir.resolve("h5").resolve("state.h5");
        assertThat(dir.resolve("h5").resolve("spectrum2d.csv")).doesNotExist();
        List<double[]> rows = CsvTable.read(dir.resolve("csv").resolve("spectrum2d.csv")).rows();
        double[][] counts;
        double[] edges;
        String config;
        double fraction;
        java.util.Set<String> attributes;
        try (HdfFile f = new HdfFile(h5)) {
            attributes = f.getAttributes().keySet();
            counts = (double[][]) f.getDatasetByPath("/state/counts").getData();
            edges = (double[]) f.getDatasetByPath("/grids/energy_edges").getData();
            assertThat(f.getDatasetByPath("/state/counts").getAttribute("units").getData())
                    .isEqualTo("per emitted neutrino");
            config = (String) f.getAttribute("config_json").getData();
            fraction = (Double) f.getAttribute("fractionAboveThreshold").getData();
        }
        assertThat(counts.length).isEqualTo(24);
        assertThat(counts[0].length).isEqualTo(7);
        assertThat(edges).hasSize(25);
        // The CSV holds percentages of the same cells in the same order (energy bin by angle cell).
        for (int p = 0; p < rows.size(); p++) {
            double csv = rows.get(p)[6] / 100;
            assertThat(counts[p / 7][p % 7]).as("cell %d", p).isCloseTo(csv, within(1e-14 * Math.abs(csv)));
        }
        assertThat(Json.mapper().readTree(config).get("options").get("angle-bins").asInt()).isEqualTo(7);
        com.fasterxml.jackson.databind.JsonNode result = Json.read(dir.resolve("h5").resolve("result.json"));
        assertThat(fraction).isEqualTo(result.get("fractionAboveThreshold").asDouble());
        // One field list: every summary field is an attribute and a result.json key.
        for (var c : nusi.transport.EnergyAngleResult.Summary.class.getRecordComponents()) {
            assertThat(attributes).as("HDF5 attributes").contains(c.getName());
            assertThat(result.has(c.getName())).as("result.json has %s", c.getName()).isTrue();
        }

        // An independent reader: h5dump with 17 significant digits.
        Process p;
        try {
            p = new ProcessBuilder("h5dump", "-m", "%.17g", "-d", "/state/counts", h5.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("h5dump (Debian hdf5-tools) is not installed: ./run.sh test installs it", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("H5T_IEEE_F64LE").contains("( 24, 7 )");
        int start = out.indexOf("DATA {") + 6;
        String data = out.substring(start, out.indexOf('}', start));
        List<Double> values = new ArrayList<>();
        Matcher m = Pattern.compile("\\(\\d+,\\d+\\):|(-?[0-9][0-9.]*(?:e[-+]?\\d+)?)").matcher(data);
        while (m.find()) {
            if (m.group(1) != null) {
                values.add(Double.parseDouble(m.group(1)));
            }
        }
        assertThat(values).hasSize(24 * 7);
        for (int q = 0; q < values.size(); q++) {
            assertThat(values.get(q)).as("h5dump cell %d", q).isEqualTo(counts[q / 7][q % 7]);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
