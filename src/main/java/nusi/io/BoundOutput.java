package nusi.io;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nusi.bounds.BoundPoint;
import nusi.bounds.Contour;
import nusi.bounds.CoreModel;
import nusi.bounds.LogRange;
import nusi.bounds.PropagationBoundCurve;
import nusi.io.Scans;
import nusi.plots.Charts;

/** CSV files and figures of the bounds: Fig. 1 (both excluded regions), Fig. 2 (core N map), the F map. */
public final class BoundOutput {
    private BoundOutput() {
    }

    /** log10 g* of each core model over the masses; the bound is where N_{2->4} = 1. */
    public static CsvTable coreBoundTable(double[] log10Mass, List<CoreModel> models) {
        List<String> cols = new ArrayList<>(List.of("log10_M_MeV", "M_MeV"));
        for (int k = 0; k < models.size(); k++) {
            cols.add("log10_g_bound_" + models.get(k).key());
        }
        CsvTable t = new CsvTable(cols);
        for (double lm : log10Mass) {
            double[] row = new double[cols.size()];
            row[0] = lm;
            row[1] = Math.pow(10, lm);
            for (int k = 0; k < models.size(); k++) {
                row[2 + k] = models.get(k).boundLog10Coupling(Math.pow(10, lm));
            }
            t.add(row);
        }
        return t;
    }

    /** log10 N_{2->4} over the plane, one column per model. */
    public static CsvTable coreMapTable(LogRange masses, LogRange couplings, List<CoreModel> models) {
        List<String> cols = new ArrayList<>(List.of("log10_M_MeV", "log10_g"));
        for (int k = 0; k < models.size(); k++) {
            cols.add("log10_N_2nu_to_4nu_" + models.get(k).key());
        }
        CsvTable t = new CsvTable(cols);
        for (double lg : couplings.values()) {
            for (double lm : masses.values()) {
                double[] row = new double[cols.size()];
                row[0] = lm;
                row[1] = lg;
                for (int k = 0; k < models.size(); k++) {
                    row[2 + k] = Math.log10(models.get(k).twoToFourScatterings(Math.pow(10, lm), Math.pow(10, lg)));
                }
                t.add(row);
            }
        }
        return t;
    }

    /** Fig. 2: colour map of log10 N of the first model with the N = 1 line of every model. */
    public static void writeFig2(Path dir, LogRange masses, LogRange couplings, List<CoreModel> models) {
        coreMapTable(masses, couplings, models).write(dir.resolve("core_map.csv"));
        int n = masses.count() * couplings.count();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        int k = 0;
        for (double lg : couplings.values()) {
            for (double lm : masses.values()) {
                x[k] = lm;
                y[k] = lg;
                z[k] = Math.max(-20, Math.min(20,
                        Math.log10(models.get(0).twoToFourScatterings(Math.pow(10, lm), Math.pow(10, lg)))));
                k++;
            }
        }
        List<Charts.Line> lines = new ArrayList<>();
        Color[] colours = {Color.BLACK, Color.WHITE, Color.RED, Color.ORANGE};
        double[] lm = masses.values();
        for (int m = 0; m < models.size(); m++) {
            double[] g = new double[lm.length];
            for (int i = 0; i < lm.length; i++) {
                double b = models.get(m).boundLog10Coupling(Math.pow(10, lm[i]));
                g[i] = b <= couplings.max() + couplings.step() ? b : Double.NaN;
            }
            lines.add(new Charts.Line("N = 1, " + models.get(m).name(), lm, g, m > 0, colours[m % colours.length]));
        }
        Charts.ColourMap map = new Charts.ColourMap(x, y, z, masses.step(), couplings.step(), -20, 20,
                "log10 N(2nu->4nu), " + models.get(0).name());
        Figures.save(Charts.colourMap("SN 1987A core: 2nu -> 4nu scatterings per neutrino (Fig. 2)",
                "log10(M / MeV)", "log10 g", map, lines, false), dir, "fig2_core_map", 1000, 700);
    }

    /**
     * Fig. 1: the lower edges of both excluded regions (propagation: F below the fraction; core: N >= 1) in the
     * (M, g) plane, log axes; everything above a line is excluded.
     */
    /**
     * The propagation bounds of several models side by side (fig1_models.png/.svg), read from their
     * propagation_bound.csv files (label -> file), bounded points only.
     */
    public static void writeModelComparison(Path dir, java.util.Map<String, Path> bounds) {
        writeModelComparison(dir, bounds, java.util.Map.of());
    }

    /**
     * As above, with a shift of log10 g per label (e.g. -log10 2: a Lagrangian-convention bound drawn in the paper's
     * g, g_paper = g_lagrangian / 2).
     */
    public static void writeModelComparison(Path dir, java.util.Map<String, Path> bounds,
                                            java.util.Map<String, Double> log10Shift) {
        List<Charts.Line> lines = new ArrayList<>();
        Color[] colours = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b)};
        int k = 0;
        for (var e : bounds.entrySet()) {
            List<String> text;
            try {
                text = java.nio.file.Files.readAllLines(e.getValue());
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException("cannot read " + e.getValue() + ": " + ex.getMessage(), ex);
            }
            List<String> header = List.of(text.get(0).split(","));
            int im = header.indexOf("log10_M_MeV");
            int ig = header.indexOf("log10_g_bound");
            double[] m = new double[text.size() - 1];
            double[] g = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                String[] cells = text.get(i + 1).split(",");
                m[i] = Math.pow(10, Double.parseDouble(cells[im]));
                double lg = Double.parseDouble(cells[ig]) + log10Shift.getOrDefault(e.getKey(), 0.0);
                g[i] = Double.isFinite(lg) ? Math.pow(10, lg) : Double.NaN;
            }
            lines.add(new Charts.Line(e.getKey(), m, g, k > 0, colours[k % colours.length]));
            k++;
        }
        Figures.save(Charts.lineChart("SN 1987A propagation bound (excluded above each line): models compared",
                "mediator mass M [MeV]", "coupling g (the paper's convention)", true, true, lines), dir, "fig1_models",
                1000, 700);
    }

    public static void writeFig1(Path dir, PropagationBoundCurve propagation, double[] coreLog10Mass,
                                 List<CoreModel> models) {
        writeFig1(dir, propagation, null, null, coreLog10Mass, models, "fig1_bounds.png");
    }

    /** The bounded points of a curve as a line of g against M (MeV). */
    private static Charts.Line boundLine(PropagationBoundCurve curve, String label, boolean dashed, Color colour) {
        double[] m = new double[curve.points().size()];
        double[] g = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            BoundPoint p = curve.points().get(i);
            m[i] = Math.pow(10, p.log10Mass());
            g[i] = p.status() == BoundPoint.Status.BOUNDED ? Math.pow(10, p.log10Coupling()) : Double.NaN;
        }
        return new Charts.Line(label, m, g, dashed, colour);
    }

    /**
     * Fig. 1 with, when given, the delay-aware bound (legend: its window and picture) beside the paper's energy
     * criterion, into {@code fileName}.
     */
    public static void writeFig1(Path dir, PropagationBoundCurve propagation, PropagationBoundCurve timing,
                                 String timingLabel, double[] coreLog10Mass, List<CoreModel> models, String fileName) {
        List<Charts.Line> lines = new ArrayList<>();
        if (timing != null) {
            lines.add(boundLine(timing, timingLabel, true, new Color(0x2ca02c)));
        }
        if (propagation != null) {
            lines.add(boundLine(propagation, "SN 1987A propagation (F < " + propagation.search().fraction()
                    + " above)", false, new Color(0x1f77b4)));
        }
        Color[] colours = {new Color(0xd62728), new Color(0xff7f0e), new Color(0x9467bd)};
        for (int k = 0; k < models.size(); k++) {
            double[] m = new double[coreLog10Mass.length];
            double[] g = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = Math.pow(10, coreLog10Mass[i]);
                double b = models.get(k).boundLog10Coupling(m[i]);
                g[i] = b <= 1 ? Math.pow(10, b) : Double.NaN;
            }
            lines.add(new Charts.Line("SN 1987A core, " + models.get(k).name(), m, g, k > 0, colours[k % 3]));
        }
        org.jfree.chart.JFreeChart chart = Charts.lineChart("Excluded regions: above each line (Fig. 1)",
                "mediator mass M [MeV]", "coupling g", true, true, lines);
        org.jfree.chart.plot.XYPlot plot = chart.getXYPlot();
        double top = 10;
        for (Charts.Line l : lines) {
            // Shade the excluded region above each line, up to g = 10, as the paper's Fig. 1 does.
            List<Double> poly = new ArrayList<>();
            double firstX = Double.NaN;
            double lastX = Double.NaN;
            for (int i = 0; i < l.x().length; i++) {
                if (Double.isFinite(l.y()[i]) && l.y()[i] > 0 && l.y()[i] <= top) {
                    if (Double.isNaN(firstX)) {
                        firstX = l.x()[i];
                    }
                    lastX = l.x()[i];
                    poly.add(l.x()[i]);
                    poly.add(l.y()[i]);
                }
            }
            if (poly.size() < 4) {
                continue;
            }
            poly.add(lastX);
            poly.add(top);
            poly.add(firstX);
            poly.add(top);
            double[] xy = poly.stream().mapToDouble(Double::doubleValue).toArray();
            Color c = l.color() != null ? l.color() : Color.GRAY;
            plot.addAnnotation(new org.jfree.chart.annotations.XYPolygonAnnotation(xy, null, null,
                    new Color(c.getRed(), c.getGreen(), c.getBlue(), 40)));
        }
        Figures.save(chart, dir, fileName.replaceFirst("\\.png$", ""), 1000, 700);
    }

    /** The F map with its F = fraction contour (the propagation bound seen from the map). */
    public static void writeFractionMap(Path dir, Scans.FractionMap fm, double fraction) {
        writeFractionMap(dir, fm, fraction, "fraction_map", "Fraction of neutrinos above threshold at Earth");
    }

    /** The F map figure under a given name and title (the energy-angle map: fraction_map_2d). */
    public static void writeFractionMap(Path dir, Scans.FractionMap fm, double fraction, String name, String title) {
        double[] lm = fm.log10Mass();
        double[] lg = fm.log10Coupling();
        int n = lm.length * lg.length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        double[][] logF = new double[lg.length][lm.length];
        int k = 0;
        for (int j = 0; j < lg.length; j++) {
            for (int i = 0; i < lm.length; i++) {
                x[k] = lm[i];
                y[k] = lg[j];
                logF[j][i] = Math.log10(Math.max(fm.fraction()[j][i], 1e-300));
                z[k] = Math.max(-12, Math.min(0.5, logF[j][i]));
                k++;
            }
        }
        double[][] line = Contour.asBrokenLine(Contour.segments(lm, lg, logF, Math.log10(fraction)));
        double dx = lm.length > 1 ? lm[1] - lm[0] : 1;
        double dy = lg.length > 1 ? lg[1] - lg[0] : 1;
        Figures.save(Charts.colourMap(title,
                        "log10(M / MeV)", "log10 g",
                        new Charts.ColourMap(x, y, z, dx, dy, -12, 0.5, "log10 F"),
                        List.of(new Charts.Line("F = " + fraction, line[0], line[1], false, Color.WHITE)), false),
                dir, name, 1000, 700);
    }
}
