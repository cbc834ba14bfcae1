package nusi.io;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nusi.plots.Charts;
import nusi.transport.ArrivalWindow;

/**
 * arrival_window.csv and arrival_window.png: the fraction of emitted neutrinos arriving above threshold within a
 * window of the unscattered front, bracketed per window and geometry ({@link ArrivalWindow}): a bracket on the
 * cumulative distribution of their delays.
 */
public final class ArrivalOutput {
    private ArrivalOutput() {
    }

    /** One row per window: the bracket in the slab and the point-source geometry, per emitted neutrino. */
    public static CsvTable table(ArrivalWindow.Result r, double[] windows) {
        CsvTable t = new CsvTable("window_s", "lower_bound_slab", "upper_bound_planar_slab", "upper_bound_3d_slab",
                "lower_bound_point", "upper_bound_planar_point", "upper_bound_3d_point", "unscattered", "F");
        for (double w : windows) {
            ArrivalWindow.Bracket s = r.bracket(ArrivalWindow.Geometry.SLAB, w);
            ArrivalWindow.Bracket p = r.bracket(ArrivalWindow.Geometry.POINT, w);
            t.add(w, s.lowerBound(), s.upperBoundPlanar(), s.upperBound3d(), p.lowerBound(), p.upperBoundPlanar(),
                    p.upperBound3d(), r.unscattered(), r.fractionAboveThreshold());
        }
        return t;
    }

    /** One row per energy bin and window: the neutrinos of that bin at Earth and the bracket of those in the window. */
    public static CsvTable perBinTable(ArrivalWindow.Result r, double[] windows) {
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "window_s", "count_per_emitted", "lower_bound_slab",
                "upper_bound_planar_slab", "upper_bound_3d_slab", "lower_bound_point", "upper_bound_planar_point",
                "upper_bound_3d_point");
        for (int j = 0; j < r.grid().bins(); j++) {
            for (double w : windows) {
                ArrivalWindow.Bracket s = r.bracket(ArrivalWindow.Geometry.SLAB, w);
                ArrivalWindow.Bracket p = r.bracket(ArrivalWindow.Geometry.POINT, w);
                t.add(r.grid().lowerEdge(j), r.grid().upperEdge(j), w, r.countsPerBin()[j], s.lowerBoundPerBin()[j],
                        s.upperBoundPlanarPerBin()[j], s.upperBound3dPerBin()[j], p.lowerBoundPerBin()[j],
                        p.upperBoundPlanarPerBin()[j], p.upperBound3dPerBin()[j]);
            }
        }
        return t;
    }

    /**
     * arrival_time_energy.png: per energy bin (x) and window (y, log), the share of that bin's neutrinos that can
     * arrive within the window (colour: the 3D point source's upper bound), i.e. arrival time against energy.
     */
    public static void plotPerBin(Path dir, ArrivalWindow.Result r, double[] windows, String title) {
        int n = r.grid().bins();
        int k = windows.length;
        double[] x = new double[n * k];
        double[] y = new double[n * k];
        double[] z = new double[n * k];
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int q = 0; q < k; q++) {
                ArrivalWindow.Bracket b = r.bracket(ArrivalWindow.Geometry.POINT, windows[q]);
                x[p] = Math.log10(r.grid().logCentre(j));
                y[p] = Math.log10(windows[q]);
                double count = r.countsPerBin()[j];
                z[p] = count > 0 ? b.upperBound3dPerBin()[j] / count : 0;
                p++;
            }
        }
        double dx = n > 1 ? Math.log10(r.grid().logCentre(1) / r.grid().logCentre(0)) : 0.1;
        double dy = k > 1 ? Math.log10(windows[1] / windows[0]) : 1;
        Figures.save(Charts.colourMap(title, "log10(E / MeV)", "log10(window after the unscattered front / s)",
                new Charts.ColourMap(x, y, z, dx, dy, 0, 1, "share of the bin within the window (upper bound)"),
                List.of(), false), dir, "arrival_time_energy", 1000, 700);
    }

    /** The bracket against the window, as a fraction of F (log window axis), per geometry. */
    public static void plot(Path dir, ArrivalWindow.Result r, String title) {
        List<Charts.Line> lines = new ArrayList<>();
        Color[] colours = {new Color(0x1f77b4), new Color(0xd62728)};
        for (ArrivalWindow.Geometry g : ArrivalWindow.Geometry.values()) {
            List<ArrivalWindow.Bracket> bs = r.brackets().stream().filter(b -> b.geometry() == g).toList();
            if (bs.isEmpty()) {
                continue;
            }
            double[] w = new double[bs.size()];
            double[] lo = new double[w.length];
            double[] up = new double[w.length];
            double[] up3 = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = bs.get(i).windowSeconds();
                lo[i] = bs.get(i).lowerBound() / r.fractionAboveThreshold();
                up[i] = bs.get(i).upperBoundPlanar() / r.fractionAboveThreshold();
                up3[i] = bs.get(i).upperBound3d() / r.fractionAboveThreshold();
            }
            String name = g == ArrivalWindow.Geometry.SLAB ? "slab" : "point source";
            Color c = colours[g.ordinal() % 2];
            lines.add(new Charts.Line(name + ": lower bound (every picture)", w, lo, false, c));
            lines.add(new Charts.Line(name + ": upper bound, planar", w, up, true, c));
            lines.add(new Charts.Line(name + ": upper bound, 3D", w, up3, true, c.darker().darker()));
        }
        Figures.save(Charts.lineChart(title, "window after the unscattered front [s]",
                "fraction of the neutrinos above threshold arriving within it", true, true, lines), dir,
                "arrival_window", 1000, 700);
    }
}
