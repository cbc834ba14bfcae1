package nusi.io;

import java.nio.file.Path;
import java.util.List;
import nusi.grid.DelayGrid;
import nusi.grid.EnergyGrid;
import nusi.plots.Charts;
import nusi.transport.DelayDistribution;

/**
 * The delay distribution's files ({@link DelayDistribution}): delay_distribution.csv (the neutrinos above threshold
 * per delay node), arrival_delay_per_bin.csv (per energy bin: unscattered, within the window, mean delay against the
 * exact moment), delay_energy.csv and delay_energy.png/.svg (arrival time against energy, colour = fraction).
 */
public final class DelayOutput {
    private DelayOutput() {
    }

    /** One row per delay node: its delay and cell, the count above threshold there and below it (per emitted). */
    public static CsvTable distributionTable(DelayDistribution d) {
        DelayGrid g = d.delays();
        double[] edges = g.cellEdges();
        double[] above = d.delayDistributionAboveThreshold();
        CsvTable t = new CsvTable("delay_node_s", "cell_low_s", "cell_high_s", "count_above_threshold_per_emitted",
                "cumulative_above_threshold_per_emitted");
        double cumulative = 0;
        for (int q = 0; q < g.nodes(); q++) {
            cumulative += above[q];
            t.add(g.node(q), edges[q], edges[q + 1], above[q], cumulative);
        }
        return t;
    }

    /**
     * One row per energy bin: its count at Earth, the unscattered (node tau = 0) and the no-scattering survival
     * exp(-n sigma D) of its emitted count, the count within the window, and the mean delay on the grid against the
     * exact moment of the picture.
     */
    public static CsvTable perBinTable(DelayDistribution d, double[] emitted, double windowSeconds,
                                       double[] exactMeanDelay) {
        EnergyGrid eg = d.operator().energyGrid();
        double[] counts = d.countsPerBin();
        double[] unscattered = d.unscatteredPerBin();
        double[] within = d.withinWindowPerBin(windowSeconds);
        double[] mean = d.meanDelayPerBin();
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "count_per_emitted", "unscattered_per_emitted",
                "no_scattering_survival_per_emitted", "within_window_per_emitted", "mean_delay_grid_s",
                "mean_delay_exact_s");
        for (int j = 0; j < eg.bins(); j++) {
            t.add(eg.lowerEdge(j), eg.upperEdge(j), counts[j], unscattered[j],
                    emitted[j] * Math.exp(-d.operator().lossRate(j)), within[j], mean[j], exactMeanDelay[j]);
        }
        return t;
    }

    /** One row per energy bin and delay node: the count there and its share of the bin (the figure's data). */
    public static CsvTable perBinAndDelayTable(DelayDistribution d) {
        EnergyGrid eg = d.operator().energyGrid();
        double[][] c = d.countsPerBinAndDelay();
        double[] counts = d.countsPerBin();
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "delay_node_s", "count_per_emitted", "share_of_bin");
        for (int j = 0; j < eg.bins(); j++) {
            for (int q = 0; q < c[j].length; q++) {
                t.add(eg.lowerEdge(j), eg.upperEdge(j), d.delays().node(q), c[j][q],
                        counts[j] > 0 ? c[j][q] / counts[j] : 0);
            }
        }
        return t;
    }

    /**
     * delay_energy.png/.svg: per energy bin (x, log) and positive delay node (y, log), the share of that bin's
     * neutrinos arriving with that delay (colour), i.e. arrival time against energy. The unscattered node (tau = 0) has
     * no place on a log axis: the title gives its share above threshold.
     */
    public static void plot(Path dir, DelayDistribution d, String title) {
        EnergyGrid eg = d.operator().energyGrid();
        DelayGrid g = d.delays();
        double[][] c = d.countsPerBinAndDelay();
        double[] counts = d.countsPerBin();
        int n = eg.bins();
        int l = g.nodes() - 1;
        double[] x = new double[n * l];
        double[] y = new double[n * l];
        double[] z = new double[n * l];
        double largest = 0;
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int q = 1; q < g.nodes(); q++) {
                x[p] = Math.log10(eg.logCentre(j));
                y[p] = Math.log10(g.node(q));
                z[p] = counts[j] > 0 ? c[j][q] / counts[j] : 0;
                largest = Math.max(largest, z[p]);
                p++;
            }
        }
        double dx = n > 1 ? Math.log10(eg.logCentre(1) / eg.logCentre(0)) : 0.1;
        double dy = Math.log10(g.ratio());
        Figures.save(Charts.colourMap(title, "log10(E / MeV)", "log10(arrival delay after the unscattered front / s)",
                new Charts.ColourMap(x, y, z, dx, dy, 0, largest > 0 ? largest : 1,
                        "fraction of the bin's neutrinos at this delay node"), List.of(), false), dir, "delay_energy",
                1000, 700);
    }
}
