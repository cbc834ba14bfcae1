package nusi.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * results/report.md: the figures and a table of the computed numbers next to the paper's stated ones. Every
 * computed number is read from the result files of the run (summary.json, result.json, CSV), never typed in, so
 * the report always describes the files beside it.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** The paper's stated numbers (Sec. I, IV, V of PRD 103, 123008), as log10 values. */
    public static final double PAPER_CORE_FLAT_LOG10G = -1.8;
    public static final double PAPER_CORE_END_LOG10M = Math.log10(15e3);
    public static final double PAPER_PROPAGATION_END_LOG10M = Math.log10(25e-3);

    /** A table row. */
    public record Row(String quantity, String paper, String computed, String difference, String source) {
    }

    public static List<Row> rows(Path results) {
        List<Row> rows = new ArrayList<>();
        JsonNode scan = Json.read(results.resolve("fig1").resolve("summary.json"));
        JsonNode prop = scan.get("propagation");
        double flat = prop.get("lowestMassLog10gBound").asDouble();
        rows.add(new Row("propagation bound, flat region (log10 g*, lowest mass log10 M = "
                + fmt(prop.get("lowestLog10M").asDouble(), 2) + ")",
                "not printed; weaker than the core bound (> -1.8)", fmt(flat, 3),
                fmt(flat - PAPER_CORE_FLAT_LOG10G, 3) + " vs -1.8", "fig1/summary.json"));
        rows.add(new Row("propagation bound, strongest (resonance dip; log10 g* at log10 M)",
                "shallow dip at M ~ 1 keV (log10 M = -3)",
                fmt(prop.path("strongestLog10gBound").asDouble(Double.NaN), 3) + " at "
                        + fmt(prop.path("strongestAtLog10M").asDouble(Double.NaN), 2),
                fmt(prop.path("strongestAtLog10M").asDouble(Double.NaN) + 3, 2) + " in log10 M",
                "fig1/summary.json"));
        Path relic56 = results.resolve("fig1").resolve("relic56").resolve("summary.json");
        if (Files.exists(relic56)) {
            double g56 = Json.read(relic56).get("propagation").get("lowestMassLog10gBound").asDouble();
            rows.add(new Row("propagation bound, flat region, with n = 56 cm^-3 relic targets (one species: the "
                    + "antineutrinos of the neutrino's own flavour, the s-channel's partners)",
                    "weaker than the core bound (> -1.8)", fmt(g56, 3), fmt(g56 - PAPER_CORE_FLAT_LOG10G, 3) + " vs -1.8",
                    "fig1/relic56/summary.json"));
        }
        Path three = results.resolve("fig1").resolve("three_states").resolve("summary.json");
        if (Files.exists(three)) {
            JsonNode t = Json.read(three).get("propagation");
            double g3 = t.get("lowestMassLog10gBound").asDouble();
            rows.add(new Row("propagation bound, flat region, three relic mass states (normal ordering, sum 0.1 eV, "
                    + "coupled to nu_e, 110 cm^-3 each; beyond the paper)", "not considered (one species)",
                    fmt(g3, 3) + " (strongest " + fmt(t.get("strongestLog10gBound").asDouble(), 3) + " at log10 M = "
                    + fmt(t.get("strongestAtLog10M").asDouble(), 2) + ")", fmt(g3 - flat, 3) + " vs one species",
                    "fig1/three_states/summary.json"));
        }
        Path lagS = results.resolve("fig1").resolve("lagrangian_s").resolve("summary.json");
        Path lagStu = results.resolve("fig1").resolve("lagrangian_stu").resolve("summary.json");
        if (Files.exists(lagS) && Files.exists(lagStu)) {
            double gs = Json.read(lagS).get("propagation").get("lowestMassLog10gBound").asDouble();
            JsonNode t = Json.read(lagStu).get("propagation");
            double gstu = t.get("lowestMassLog10gBound").asDouble();
            rows.add(new Row("propagation bound, flat region, s-, t- and u-channels (Lagrangian convention, 56.65 "
                    + "cm^-3 per helicity; beyond the paper)", "not considered (s-channel only)", fmt(gstu, 3)
                    + " (s-channel alone in the same convention: " + fmt(gs, 3) + ")", fmt(gstu - gs, 3)
                    + " vs the s-channel (log10(6)/4 = 0.195 expected: six times the rate for M^2 << s)",
                    "fig1/lagrangian_stu/summary.json"));
        }
        Path diracStu = results.resolve("fig1").resolve("dirac_stu").resolve("summary.json");
        if (Files.exists(diracStu) && Files.exists(lagStu)) {
            JsonNode t = Json.read(diracStu).get("propagation");
            double gd = t.get("lowestMassLog10gBound").asDouble();
            double gstu = Json.read(lagStu).get("propagation").get("lowestMassLog10gBound").asDouble();
            rows.add(new Row("propagation bound, flat region, Dirac neutrinos with s-, t- and u-channels (Lagrangian "
                    + "-g phi nubar nu, active and wrong-helicity species, 56.65 cm^-3 each of relic nu and nubar; "
                    + "beyond the paper; docs/channels.md)", "not considered (Majorana reading)", fmt(gd, 3)
                    + " in g_lagrangian (strongest " + fmt(t.get("strongestLog10gBound").asDouble(), 3)
                    + " at log10 M = " + fmt(t.get("strongestAtLog10M").asDouble(), 2) + ")", fmt(gd - gstu, 3)
                    + " vs Majorana with all channels", "fig1/dirac_stu/summary.json"));
        }
        Path fullest = results.resolve("fig1").resolve("fullest").resolve("summary.json");
        if (Files.exists(fullest)) {
            JsonNode t = Json.read(fullest).get("propagation");
            double gf = t.get("lowestMassLog10gBound").asDouble();
            double inPaper = gf - Math.log10(2);
            rows.add(new Row("propagation bound, flat region, the fullest model: s-, t- and u-channels with three relic "
                    + "mass states (normal ordering, sum 0.1 eV, coupled to nu_e; Lagrangian convention, 56.65 cm^-3 "
                    + "per state and helicity; beyond the paper)", "not considered (s-channel, one species)",
                    fmt(gf, 3) + " in g_lagrangian, " + fmt(inPaper, 3) + " in the paper's g = g_lagrangian / 2 "
                    + "(strongest " + fmt(t.get("strongestLog10gBound").asDouble(), 3) + " at log10 M = "
                    + fmt(t.get("strongestAtLog10M").asDouble(), 2) + "; ends at log10 M = "
                    + fmt(t.path("lastBoundedLog10M").asDouble(Double.NaN), 2) + ")",
                    fmt(inPaper - flat, 3) + " vs the paper's model", "fig1/fullest/summary.json"));
        }
        JsonNode timing = scan.get("timing");
        if (timing != null) {
            double gt = timing.get("lowestMassLog10gBound").asDouble();
            rows.add(new Row("timing bound, flat region (fewer than " + timing.get("fraction").asText() + " arrive above "
                    + "threshold within " + timing.get("windowSeconds").asText() + " s, " + timing.get("picture")
                    .asText() + "; beyond the paper)", "not considered (energy criterion only)", fmt(gt, 3)
                    + " (strongest " + fmt(timing.path("strongestLog10gBound").asDouble(Double.NaN), 3) + " at log10 M = "
                    + fmt(timing.path("strongestAtLog10M").asDouble(Double.NaN), 2) + ")", fmt(gt - flat, 3)
                    + " vs the energy bound", "fig1/summary.json"));
        }
        double last = prop.get("lastBoundedLog10M").asDouble();
        double first = prop.get("firstUnboundedLog10M").asDouble();
        rows.add(new Row("propagation bound ends (log10 M/MeV; g <= 10^" + fmt(prop.get("log10gMax").asDouble(), 1) + ")",
                fmt(PAPER_PROPAGATION_END_LOG10M, 2) + " (M <~ 25 keV)",
                "between " + fmt(last, 2) + " and " + fmt(first, 2),
                fmt(last - PAPER_PROPAGATION_END_LOG10M, 2), "fig1/summary.json"));
        JsonNode core = scan.get("core");
        for (var it = core.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isObject()) {
                continue;
            }
            JsonNode c = e.getValue();
            double g = c.get("flatLog10gBound").asDouble();
            double end = c.get("endsAtLog10M").asDouble();
            rows.add(new Row("core bound for M <~ 100 MeV (log10 g*), " + c.get("name").asText(),
                    "-1.8 (g >~ 10^-1.8)", fmt(g, 3), fmt(g - PAPER_CORE_FLAT_LOG10G, 3), "fig1/summary.json"));
            rows.add(new Row("core bound ends (log10 M/MeV; g <= 10^" + fmt(core.get("log10gMax").asDouble(), 1)
                    + "), " + c.get("name").asText(), fmt(PAPER_CORE_END_LOG10M, 2) + " (M ~ 15 GeV)",
                    fmt(end, 2), fmt(end - PAPER_CORE_END_LOG10M, 2), "fig1/summary.json"));
        }
        JsonNode fig3 = Json.read(results.resolve("fig3").resolve("result.json"));
        double f = fig3.get("fractionAboveThreshold").asDouble();
        rows.add(new Row("percentage above " + fmt(fig3.get("thresholdMeV").asDouble(), 3) + " MeV at Earth, Fig. 3 point "
                + "(log10 M = " + fmt(fig3.get("log10M").asDouble(), 2) + ", log10 g = " + fmt(fig3.get("log10g").asDouble(), 2) + ")",
                "not stated (Fig. 3: essentially all below 5 MeV)", String.format(Locale.ROOT, "%.3g %%", 100 * f),
                "-", "fig3/result.json"));
        rows.add(new Row("mean angle of neutrinos above threshold at the Fig. 3 point (rad)", "not stated",
                String.format(Locale.ROOT, "%.3g", fig3.get("meanAngleAboveThresholdRad").asDouble()), "-",
                "fig3/result.json"));
        JsonNode mo = fig3.get("momentsAboveThreshold");
        if (mo != null) {
            rows.add(new Row("mean arrival delay of neutrinos above threshold at the Fig. 3 point (s): planar slab "
                    + "(the paper's picture) / 3D slab / planar point source / 3D point source (exact moments)",
                    "not computed", String.format(Locale.ROOT,
                    "%.3g / %.3g / %.3g / %.3g", mo.get("meanDelayPlanarSlab").asDouble(),
                    mo.get("meanDelay3dSlab").asDouble(), mo.get("meanDelayPlanarPoint").asDouble(),
                    mo.get("meanDelay3dPoint").asDouble()), "-", "fig3/result.json"));
            rows.add(new Row("rms angle above threshold at the Fig. 3 point (rad): planar slab / 3D slab / 3D point "
                    + "source (arrival angle)", "not stated", String.format(Locale.ROOT, "%.3g / %.3g / %.3g",
                    mo.get("rmsAnglePlanarSlab").asDouble(), mo.get("rmsAngle3dSlab").asDouble(),
                    mo.get("rmsArrivalAngle3dPoint").asDouble()), "-", "fig3/result.json"));
            if (mo.has("delaySpread3dSlab") && mo.has("delaySpreadPlanarSlab") && mo.has("delaySpread3dPoint")
                    && mo.has("delaySpreadPlanarPoint")) {
                rows.add(new Row("rms spread of the arrival delay about its mean above threshold at the Fig. 3 point, "
                        + "3D slab / planar slab / 3D point source / planar point source (s)", "not computed",
                        String.format(Locale.ROOT, "%.3g / %.3g / %.3g / %.3g", mo.get("delaySpread3dSlab").asDouble(),
                                mo.get("delaySpreadPlanarSlab").asDouble(), mo.get("delaySpread3dPoint").asDouble(),
                                mo.get("delaySpreadPlanarPoint").asDouble()), "-", "fig3/result.json"));
            }
        }
        double threshold = fig3.get("thresholdMeV").asDouble();
        Path physical = results.resolve("fig3").resolve("3d_point");
        if (Files.exists(physical.resolve("rms_angle_per_bin.csv"))) {
            double[] m = aboveThreshold(CsvTable.read(physical.resolve("rms_angle_per_bin.csv")), threshold, 2);
            rows.add(new Row("rms arrival angle above threshold at the Fig. 3 point, 3D point source (rad): "
                    + "energy-angle grid / exact moment", "not computed", String.format(Locale.ROOT, "%.4g / %.4g",
                    Math.sqrt(m[0]), Math.sqrt(m[1])), String.format(Locale.ROOT, "%.1e relative",
                    Math.sqrt(m[0] / m[1]) - 1), "fig3/3d_point/rms_angle_per_bin.csv"));
        }
        if (Files.exists(physical.resolve("mean_delay_per_bin.csv"))) {
            double[] m = aboveThreshold(CsvTable.read(physical.resolve("mean_delay_per_bin.csv")), threshold, 1);
            rows.add(new Row("mean arrival delay above threshold at the Fig. 3 point, 3D point source (s): "
                    + "energy-angle grid / exact moment", "not computed", String.format(Locale.ROOT, "%.4g / %.4g",
                    m[0], m[1]), String.format(Locale.ROOT, "%.1e relative", m[0] / m[1] - 1),
                    "fig3/3d_point/mean_delay_per_bin.csv"));
        }
        JsonNode delays = Files.exists(physical.resolve("result.json"))
                ? Json.read(physical.resolve("result.json")).get("delayDistribution") : null;
        if (delays != null) {
            double fd = delays.get("fractionAboveThreshold").asDouble();
            rows.add(new Row("arriving above threshold within " + String.format(Locale.ROOT, "%.3g",
                    delays.get("windowSeconds").asDouble()) + " s of the unscattered front at the Fig. 3 point, 3D point source, delay grid (per emitted "
                    + "neutrino; unscattered; F)", "not computed", String.format(Locale.ROOT, "%.3g; %.3g; %.3g",
                    delays.get("fractionWithinWindow").asDouble(), delays.get("unscatteredAboveThreshold").asDouble(),
                    fd), delays.get("delayNodes").asInt() + " delay nodes", "fig3/3d_point/delay_distribution.csv"));
        }
        return rows;
    }

    /**
     * Count-weighted means over the bins at or above the threshold of a per-bin table (E_low, E_high, count, grid,
     * exact): {mean of grid^power, mean of exact^power}, bins with a non-finite value left out.
     */
    private static double[] aboveThreshold(CsvTable t, double threshold, int power) {
        double n = 0;
        double grid = 0;
        double exact = 0;
        for (double[] row : t.rows()) {
            if (row[0] >= threshold && row[2] > 0 && Double.isFinite(row[3]) && Double.isFinite(row[4])) {
                n += row[2];
                grid += row[2] * Math.pow(row[3], power);
                exact += row[2] * Math.pow(row[4], power);
            }
        }
        return new double[]{grid / n, exact / n};
    }

    public static void write(Path results, String header) {
        StringBuilder md = new StringBuilder();
        md.append("# nusi-transport: the paper's results, recomputed\n\n");
        md.append(header).append("\n\n");
        md.append("## Computed numbers next to the paper's\n\n");
        md.append("Paper: Shalgar, Tamborra, Bustamante, PRD 103, 123008 (2021). Every computed number below is read "
                + "from the file named in the last column.\n\n");
        md.append("| quantity | paper | computed | difference | from |\n| --- | --- | --- | --- | --- |\n");
        for (Row r : rows(results)) {
            md.append("| ").append(r.quantity()).append(" | ").append(r.paper()).append(" | ").append(r.computed())
                    .append(" | ").append(r.difference()).append(" | `").append(r.source()).append("` |\n");
        }
        md.append("\nThe relic density: physics.md prescribes 330 cm^-3 (all flavours, nu + nubar) as targets. The "
                + "s-channel of Eq. 4 needs the antiparticle of the neutrino's own flavour, 56 cm^-3; with that density "
                + "the flat propagation bound moves by log10(330/56)/4 = 0.19 and lands just above -1.8, which is the "
                + "paper's ordering (propagation weaker than core). The relic density is a parameter of the medium (the command line's README lists its option), so that reading is one setting away.\n");
        md.append("\nWhy the numbers differ where they do: the core bound uses the paper's formulas read literally, with a "
                + "documented decoupling-region model (the paper prints none; see README, 'Core bound'); the paper gives "
                + "no coupling range for its Fig. 1, so where the propagation bound 'ends' depends on the largest g "
                + "searched.\n\n");
        md.append("## Figures\n\n");
        figure(md, results, "fig1/fig1_bounds.png", "Fig. 1: excluded regions (above each line) from propagation and from the core");
        figure(md, results, "fig1/fig1_models.png", "The propagation bound of the paper's model and with three relic mass states");
        figure(md, results, "fig1/fraction_map.png", "F, the fraction above threshold at Earth, over the (M, g) plane with its F = 0.01 contour");
        figure(md, results, "fig2/fig2_core_map.png", "Fig. 2: log10 N(2nu->4nu) with the N = 1 lines of both cases");
        figure(md, results, "fig3/spectrum.png", "Fig. 3 left: spectrum before and after propagation");
        figure(md, results, "fig3/fig3_right_energy_angle.png", "Fig. 3 right: % of emitted neutrinos per (theta, E) cell");
        figure(md, results, "fig3/3d_point/fig3_right_energy_angle.png", "Fig. 3 right in the most physical picture: "
                + "% per (arrival angle beta, E) cell, 3D deflections, point source");
        md.append("## Files\n\n");
        md.append("- `fig1/`: `propagation_bound.csv` (g*(M)), `core_bound.csv`, `fraction_map.csv`, `fig1_bounds.png/.svg`, "
                + "`fraction_map.png/.svg`, `summary.json`, `config.json`\n");
        md.append("- `fig2/`: `core_map.csv` (log10 N per case), `core_bound.csv`, `fig2_core_map.png/.svg`, `summary.json`, `config.json`\n");
        md.append("- `fig3/`: `spectrum.csv`, `spectrum2d.csv` (% per cell), `spectrum.png`, `fig3_right_energy_angle.png`, "
                + "`result.json`, `config.json`; `fig3/3d_point/`: the same point on the grid with 3D deflections and "
                + "a point source (`rms_angle_per_bin.csv`: grid and exact rms arrival angle per bin)\n");
        AtomicFiles.writeString(results.resolve("report.md"), md.toString());
    }

    private static void figure(StringBuilder md, Path results, String file, String caption) {
        if (Files.exists(results.resolve(file))) {
            md.append("**").append(caption).append("**\n\n![").append(caption).append("](").append(file).append(")\n\n");
        }
    }

    static String fmt(double v, int digits) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
