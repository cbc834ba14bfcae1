package nusi.io;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.physics.Kinematics;
import nusi.plots.Charts;
import nusi.transport.EnergyAngleResult;

/** spectrum2d.csv and the paper's Fig. 3 (right): percentage of emitted neutrinos per (theta, E) cell. */
public final class EnergyAngleOutput {
    /** Heat maps with more cells get no SVG (a 256^2 map is 65k rectangles: ~10 MB and a second to write). */
    static final int SVG_MAX_CELLS = 128 * 128;

    private EnergyAngleOutput() {
    }

    public static CsvTable table(EnergyAngleResult r) {
        EnergyGrid eg = r.operator().energyGrid();
        AngleGrid ag = r.operator().angleGrid();
        double[] edges = ag.cellEdges();
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "theta_node_rad", "theta_low_rad", "theta_high_rad",
                "one_minus_cos_theta_node", "percent_of_emitted");
        for (int j = 0; j < eg.bins(); j++) {
            for (int a = 0; a < ag.cells(); a++) {
                boolean outflow = a >= ag.nodeCount();
                double node = ag.representativeAngle(a);
                double low = outflow ? ag.maxAngle() : edges[a];
                double high = outflow ? Math.PI / 2 : edges[a + 1];
                t.add(eg.lowerEdge(j), eg.upperEdge(j), outflow ? Double.NaN : node, low, high,
                        outflow ? Double.NaN : Kinematics.oneMinusCosOfAngle(node), 100 * r.count(j, a));
            }
        }
        return t;
    }

    /**
     * Heat map: x = log10(1 - cos theta) of the node, y = log10(E/MeV), colour log10 of the percentage of emitted
     * neutrinos in the cell. The theta = 0 node is drawn as the leftmost column, the outflow cell (theta beyond
     * the grid) as the rightmost; the dashed line is the threshold.
     */
    public static void writeHeatMap(Path dir, EnergyAngleResult r, String title) {
        writeHeatMap(dir, r, title, "theta");
    }

    /** As above with the angle named: theta (the slab's) or beta (a point source's arrival angle). */
    public static void writeHeatMap(Path dir, EnergyAngleResult r, String title, String angle) {
        EnergyGrid eg = r.operator().energyGrid();
        AngleGrid ag = r.operator().angleGrid();
        int nodes = ag.nodeCount();
        int k = ag.cells();
        int n = eg.bins();
        double[] xOf = new double[k];
        double step = nodes > 2 ? 2 * Math.log10(ag.node(nodes - 1) / ag.node(nodes - 2)) : 1;
        for (int a = 1; a < nodes; a++) {
            xOf[a] = Math.log10(Kinematics.oneMinusCosOfAngle(ag.node(a)));
        }
        xOf[0] = nodes > 1 ? xOf[1] - 2 * step : 0;
        if (ag.hasOutflowCell()) {
            xOf[k - 1] = (nodes > 1 ? xOf[nodes - 1] : 0) + 2 * step;
        }
        double[] x = new double[n * k];
        double[] y = new double[n * k];
        double[] z = new double[n * k];
        double zMax = -300;
        int p = 0;
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < k; a++) {
                x[p] = xOf[a];
                y[p] = eg.logCentre(j) > 0 ? Math.log10(eg.logCentre(j)) : 0;
                double pct = 100 * r.count(j, a);
                z[p] = pct > 0 ? Math.log10(pct) : Double.NaN;
                if (pct > 0) {
                    zMax = Math.max(zMax, z[p]);
                }
                p++;
            }
        }
        double zMin = zMax - 12;
        for (int q = 0; q < z.length; q++) {
            z[q] = Double.isNaN(z[q]) ? zMin : Math.max(zMin, z[q]);
        }
        double dy = n > 1 ? Math.log10(eg.logCentre(1) / eg.logCentre(0)) : 1;
        double logThreshold = Math.log10(r.threshold());
        Charts.Line threshold = new Charts.Line(String.format("threshold %.3g MeV", r.threshold()),
                new double[]{xOf[0] - step, xOf[k - 1] + step}, new double[]{logThreshold, logThreshold}, true,
                Color.WHITE);
        Figures.save(Charts.colourMap(title + " (left column: " + angle + " = 0; right: beyond the last node)",
                        "log10(1 - cos " + angle + ")", "log10(E / MeV)",
                        new Charts.ColourMap(x, y, z, step, dy, zMin, zMax, "log10(% of emitted neutrinos per cell)"),
                        List.of(threshold), false),
                dir, "fig3_right_energy_angle", 1000, 750, n * k <= SVG_MAX_CELLS);
    }

    /**
     * mean_angle_per_bin.csv: per energy bin the count, the planar mean angle on the angle grid and the exact one
     * from the energy-only moment chain (1/cos off; physics.md). A mean-keeping split reproduces the exact value
     * as long as nothing reaches the outflow cell; the 1/cos factor changes it by ~theta^2 times the optical depth.
     */
    public static CsvTable meanAngleTable(EnergyAngleResult r, double[] exactMeanAngle) {
        return perBin(r, "mean_angle_grid_rad", r.meanAnglePerBin(), "mean_angle_exact_rad", exactMeanAngle);
    }

    /** With the 3D deflection: the grid's rms polar angle per bin next to the exact 3D moment (1/cos off). */
    public static CsvTable rmsAngleTable(EnergyAngleResult r, double[] exactRmsAngle) {
        return perBin(r, "rms_angle_grid_rad", r.rmsAnglePerBin(), "rms_angle_exact_rad", exactRmsAngle);
    }

    /**
     * mean_delay_per_bin.csv: per energy bin the count, the mean arrival delay from the grid (the delay-weighted
     * state) and the exact moment of the same picture (equal in the 3D slab; planar: off by the angle grid).
     */
    public static CsvTable meanDelayTable(EnergyAngleResult r, double[] gridDelay, double[] exactDelay) {
        return perBin(r, "mean_delay_grid_s", gridDelay, "mean_delay_exact_s", exactDelay);
    }

    /** Per energy bin: its edges, its count, a quantity on the grid and its exact value (columns named with units). */
    private static CsvTable perBin(EnergyAngleResult r, String gridColumn, double[] grid, String exactColumn,
                                   double[] exact) {
        EnergyGrid eg = r.operator().energyGrid();
        double[] counts = r.angleIntegratedCounts();
        CsvTable t = new CsvTable("E_low_MeV", "E_high_MeV", "count_per_emitted", gridColumn, exactColumn);
        for (int j = 0; j < eg.bins(); j++) {
            t.add(eg.lowerEdge(j), eg.upperEdge(j), counts[j], grid[j], exact[j]);
        }
        return t;
    }

    /**
     * f at several distances: distances.csv (F and the mean angle above threshold per distance) and, per distance,
     * distance_KPCkpc/spectrum.csv and spectrum2d.csv.
     */
    public static void writeDistances(Path dir, List<EnergyAngleResult> results, double distanceKpc) {
        CsvTable t = new CsvTable("distance_kpc", "fraction_above_threshold", "mean_angle_above_threshold_rad",
                "unscattered_fraction");
        for (EnergyAngleResult r : results) {
            double kpc = r.distance() * distanceKpc;
            double unscattered = 0;
            for (int j = 0; j < r.operator().energyBins(); j++) {
                unscattered += r.count(j, 0);
            }
            t.add(kpc, r.fractionAboveThreshold(), r.meanAngleAboveThreshold(), unscattered);
            String name = new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.6g", kpc))
                    .stripTrailingZeros().toPlainString();
            Path sub = dir.resolve("distance_" + name + "kpc");
            EnergyGrid eg = r.operator().energyGrid();
            SpectrumOutput.table(eg, r.initialCounts(), r.angleIntegratedCounts()).write(sub.resolve("spectrum.csv"));
            table(r).write(sub.resolve("spectrum2d.csv"));
        }
        t.write(dir.resolve("distances.csv"));
    }

    public static void write(Path dir, EnergyAngleResult r, String title) {
        table(r).write(dir.resolve("spectrum2d.csv"));
        writeHeatMap(dir, r, title);
    }
}
