package nusi.cli;

import nusi.io.Figures;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import nusi.io.Json;
import nusi.plots.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Turns JMH JSON results (./run.sh bench ... -rf json -rff FILE) into the Markdown table of docs/benchmarks.md
 * and a log-log plot of the time per operator application against grid size, one line per backend.
 */
@Command(name = "benchmark-report", mixinStandardHelpOptions = true,
        description = {"Markdown table (median, error, derived GFLOP/s) and plot from JMH JSON result files."})
public final class BenchmarkReportCommand implements Callable<Integer> {
    /** Floating-point operations per visited (source row, target row, angle) element of one application. */
    public static final double FLOPS_PER_ELEMENT = 10;
    /** Bytes of f read per element (one float64 count; tables and angles stay in cache). */
    public static final double BYTES_PER_ELEMENT = 8;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "JMH_JSON", arity = "1..*", description = "JMH result files in JSON.")
    List<Path> files;

    @Option(names = "--plot", paramLabel = "DIR", description = "Write operator_time.png/.svg here.")
    Path plotDir;

    @Option(names = "--peak-gflops", paramLabel = "GFLOPS", defaultValue = "134",
            description = "Peak float64 GFLOP/s of the machine, for the fraction column (default: ${DEFAULT-VALUE}).")
    double peak;

    /** Reads the files and checks that each is a JMH JSON result list, before anything is printed. */
    private List<JsonNode> readResults() {
        List<JsonNode> all = new ArrayList<>();
        for (Path f : files) {
            JsonNode root = Json.read(f);
            if (!root.isArray()) {
                throw new UserError("benchmark-report: " + f + " is not a JMH result file (-rf json): expected a JSON "
                        + "array of results");
            }
            int k = 0;
            for (JsonNode r : root) {
                JsonNode m = r.path("primaryMetric");
                if (!r.path("benchmark").isTextual() || !r.path("mode").isTextual() || !m.path("score").isNumber()
                        || !m.path("scoreUnit").isTextual()) {
                    throw new UserError("benchmark-report: " + f + " entry " + k + " is not a JMH result (needs "
                            + "benchmark, mode, primaryMetric.score and primaryMetric.scoreUnit)");
                }
                try {
                    toSeconds(1, m.get("scoreUnit").asText());
                } catch (IllegalArgumentException e) {
                    throw new UserError("benchmark-report: " + f + " entry " + k + ": " + e.getMessage()
                            + " (accepted: s/op, ms/op, us/op, ns/op)");
                }
                all.add(r);
                k++;
            }
        }
        return all;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<JsonNode> results = readResults();
        out.println("| benchmark | size N (N x N) | backend / point | mode | median | error (99.9 %) | unit | derived |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
        {
            for (JsonNode r : results) {
                String bench = r.get("benchmark").asText().replaceFirst("^nusi\\.bench\\.", "");
                JsonNode params = r.path("params");
                String size = params.path("size").asText("-");
                String backend = params.has("backend") ? params.get("backend").asText() : params.path("point").asText("-");
                if (params.has("integrator")) {
                    backend += ", " + params.get("integrator").asText();
                }
                JsonNode m = r.get("primaryMetric");
                double median = m.path("scorePercentiles").path("50.0").asDouble(m.get("score").asDouble());
                double error = m.get("scoreError").asDouble();
                String unit = m.get("scoreUnit").asText();
                String derived = "";
                // The complex sweep moves two parts per element: twice the flops and bytes of a real one.
                double parts = bench.endsWith("complexSweep") ? 2 : 1;
                boolean perElement = bench.endsWith("transportRate") || bench.endsWith("Sweep");
                if (perElement && !size.equals("-")) {
                    int n = Integer.parseInt(size);
                    double elements = (double) n * (n + 1) / 2 * n;
                    double seconds = toSeconds(median, unit);
                    double gflops = parts * FLOPS_PER_ELEMENT * elements / seconds / 1e9;
                    derived = String.format(Locale.ROOT, "%.0f /s, %.2f GFLOP/s (%.1f %% of %.0f), %.1f GB/s of f",
                            1 / seconds, gflops, 100 * gflops / peak, peak,
                            parts * BYTES_PER_ELEMENT * elements / seconds / 1e9);
                    if (!bench.endsWith("realSweep")) {
                        String label = backend + (bench.endsWith("complexSweep") ? ", complex sweep" : ", A f");
                        series.computeIfAbsent(label, k -> new TreeMap<>()).put(n, seconds * 1e3);
                    }
                }
                out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.4g | %s | %s | %s |%n", bench, size, backend,
                        r.get("mode").asText(), median, Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%.2g", error),
                        unit, derived);
            }
        }
        if (plotDir != null && !series.isEmpty()) {
            List<Charts.Line> lines = new ArrayList<>();
            for (var e : series.entrySet()) {
                double[] x = new double[e.getValue().size()];
                double[] y = new double[x.length];
                int i = 0;
                for (var p : e.getValue().entrySet()) {
                    x[i] = p.getKey();
                    y[i++] = p.getValue();
                }
                lines.add(new Charts.Line(e.getKey(), x, y, e.getKey().contains("sweep")));
            }
            Figures.save(Charts.lineChart("Eq. 8 operator application A f (solid) and CRAM's complex sweep (dashed), "
                            + "Fig. 3 point, N x N grid", "grid size N", "time per operation [ms]", true, true, lines),
                    plotDir, "operator_time", 900, 600);
        }
        return 0;
    }

    static double toSeconds(double v, String unit) {
        return switch (unit) {
            case "s/op" -> v;
            case "ms/op" -> v * 1e-3;
            case "us/op" -> v * 1e-6;
            case "ns/op" -> v * 1e-9;
            default -> throw new IllegalArgumentException("unsupported JMH unit " + unit);
        };
    }
}
