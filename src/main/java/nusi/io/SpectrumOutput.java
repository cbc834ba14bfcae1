package nusi.io;

import java.nio.file.Path;
import java.util.List;
import nusi.grid.EnergyGrid;
import nusi.plots.Charts;
import org.jfree.chart.JFreeChart;

/** spectrum.csv and the Fig. 3 (left) plot of the energy spectrum before and after propagation. */
public final class SpectrumOutput {
    private SpectrumOutput() {
    }

    public static CsvTable table(EnergyGrid grid, double[] initial, double[] fin) {
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "E_mean_MeV", "N_emitted_per_emitted_nu",
                "N_at_Earth_per_emitted_nu", "dNdE_emitted_per_MeV", "dNdE_at_Earth_per_MeV");
        for (int i = 0; i < grid.bins(); i++) {
            double w = grid.width(i);
            t.add(grid.lowerEdge(i), grid.upperEdge(i), grid.meanEnergy(i), initial[i], fin[i], initial[i] / w,
                    fin[i] / w);
        }
        return t;
    }

    /** E dN/dE (per unit ln E, per emitted neutrino) before and after, log-log, with the threshold. */
    public static JFreeChart plot(EnergyGrid grid, double[] initial, double[] fin, double threshold, String title) {
        int n = grid.bins();
        double[] e = new double[n];
        double[] a = new double[n];
        double[] b = new double[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            e[i] = grid.logCentre(i);
            a[i] = initial[i] * e[i] / grid.width(i);
            b[i] = fin[i] * e[i] / grid.width(i);
            max = Math.max(max, Math.max(a[i], b[i]));
        }
        double floor = 1e-14 * max;
        for (int i = 0; i < n; i++) {
            a[i] = a[i] > floor ? a[i] : Double.NaN;
            b[i] = b[i] > floor ? b[i] : Double.NaN;
        }
        double lo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(a[i])) {
                lo = Math.min(lo, a[i]);
            }
            if (Double.isFinite(b[i])) {
                lo = Math.min(lo, b[i]);
            }
        }
        List<Charts.Line> lines = List.of(
                new Charts.Line("emitted (no nuSI)", e, a, false),
                new Charts.Line("at Earth (with nuSI)", e, b, false),
                new Charts.Line(String.format("threshold %.3g MeV", threshold), new double[]{threshold, threshold},
                        new double[]{lo, max * 2}, true, java.awt.Color.DARK_GRAY));
        return Charts.lineChart(title, "neutrino energy E [MeV]", "E dN/dE [per emitted neutrino]", true, true, lines);
    }

    public static void write(Path dir, EnergyGrid grid, double[] initial, double[] fin, double threshold, String title) {
        table(grid, initial, fin).write(dir.resolve("spectrum.csv"));
        Figures.save(plot(grid, initial, fin, threshold, title), dir, "spectrum", 900, 600);
    }
}
