package nusi.transport;

import nusi.grid.EnergyGrid;
import nusi.physics.ScatteringCrossSection;

/**
 * The angle-integrated Eq. 8 on an energy grid, as a conservative finite-volume operator: with x = r/D,
 *
 * <pre>
 *   dN_j/dx = nD [ -sigmaBar_j N_j + sum_{i >= j} gain_{j i} N_i ],
 * </pre>
 *
 * where N_j is the count in bin j, sigmaBar_j the bin average of sig(E) (density uniform in the bin), and
 * gain_{j i} = 2 * (bin average of dsig/dEf over i) * |[Efmin(Ei), Ei] intersect bin j|: the factor 2 counts
 * the down-scattered neutrino and the up-scattered relic, which share the flat Ef distribution.
 * Everything that lands below the lowest edge is an outflow, tracked with its energy; so is the model's
 * extra energy Efmin per scattering (physics.md, pitfall 7). Column sums satisfy
 * sum_j gain_{j i} + outflow_i = 2 sigmaBar_i exactly, so that dN/dx = nD sum sigmaBar N.
 *
 * <p>All bin integrals go through {@link ScatteringCrossSection#integrateDifferential}, with the same
 * breakpoints for the terms that must add up, so the identity holds to rounding.
 */
public final class EnergyOperator {
    private final EnergyGrid grid;
    private final double columnDensity;
    /** sigmaBar_i, MeV^-2. */
    private final double[] meanCrossSection;
    /** Bin average of dsig/dEf, MeV^-3: gain into a fully covered lower bin j is 2 * this * width_j. */
    private final double[] meanDifferential;
    /** 2 * average over i of dsig/dEf (E - lowerEdge_i): the part that stays in bin i, MeV^-2. */
    private final double[] selfGain;
    /** 2 * average of dsig/dEf (e0 - Efmin): the part landing below the grid, MeV^-2. */
    private final double[] outflow;
    /** Energy carried below the grid per neutrino in bin i and unit nD, MeV^-1. */
    private final double[] outflowEnergy;
    /** Model's extra energy Efmin per scattering, averaged: MeV^-1. */
    private final double[] injectedEnergy;

    private EnergyOperator(EnergyGrid grid, double columnDensity, double[] meanCrossSection,
                           double[] meanDifferential, double[] selfGain, double[] outflow, double[] outflowEnergy,
                           double[] injectedEnergy) {
        this.grid = grid;
        this.columnDensity = columnDensity;
        this.meanCrossSection = meanCrossSection;
        this.meanDifferential = meanDifferential;
        this.selfGain = selfGain;
        this.outflow = outflow;
        this.outflowEnergy = outflowEnergy;
        this.injectedEnergy = injectedEnergy;
    }

    /**
     * @param columnDensity n D in MeV^2 (see {@link nusi.physics.RelicMedium#columnDensity()})
     * @throws IllegalArgumentException if the grid's lowest edge is below m/2, where Efmin could land inside it
     */
    public static EnergyOperator build(EnergyGrid grid, ScatteringCrossSection xs, double columnDensity) {
        return build(grid, xs, columnDensity, true);
    }

    /**
     * As {@link #build}; without {@code tracked} only the counts' coefficients are integrated (loss, gain, self-gain:
     * what F needs), and the outflow and energy rates are left at zero.
     */
    public static EnergyOperator build(EnergyGrid grid, ScatteringCrossSection xs, double columnDensity,
                                       boolean tracked) {
        int n = grid.bins();
        double e0 = grid.minEnergy();
        double[] sig = new double[n];
        double[] dif = new double[n];
        double[] self = new double[n];
        double[] out = new double[n];
        double[] outE = new double[n];
        double[] inj = new double[n];
        double[] integrals = new double[tracked ? 6 : 3];
        for (int i = 0; i < n; i++) {
            double lo = grid.lowerEdge(i);
            double hi = grid.upperEdge(i);
            double w = hi - lo;
            if (xs.minimumFinalEnergy(hi) > e0) {
                throw new IllegalArgumentException("lowest energy edge (MeV) must be >= the largest Efmin ~ m/2 = "
                        + xs.minimumFinalEnergy(hi) + ", got " + e0);
            }
            // The six bin integrals on the same nodes, so that the terms that must add up do.
            xs.integrateDifferential(lo, hi, (e, v) -> {
                double m = xs.minimumFinalEnergy(e);
                v[0] = e - m;
                v[1] = 1.0;
                v[2] = e - lo;
                if (v.length > 3) {
                    v[3] = e0 - m;
                    v[4] = (e0 - m) * (e0 + m);
                    v[5] = (e - m) * m;
                }
            }, integrals);
            sig[i] = integrals[0] / w;
            dif[i] = integrals[1] / w;
            self[i] = 2 * integrals[2] / w;
            if (tracked) {
                out[i] = 2 * integrals[3] / w;
                outE[i] = integrals[4] / w;
                inj[i] = integrals[5] / w;
            }
        }
        return new EnergyOperator(grid, columnDensity, sig, dif, self, out, outE, inj);
    }

    /**
     * The operator on the grid whose bins are {@code factor} consecutive bins of this one (the bins of an anchored
     * grid with 1/factor the bins per decade, when this grid's bin count is a multiple of factor), exactly: every
     * coefficient is a bin integral, and the integrals over a merged bin are sums over its parts (the self-gain
     * shifted to the merged bin's lower edge). Used to extrapolate F in the bin width at the cost of one grid.
     */
    public EnergyOperator coarsened(int factor) {
        int n = grid.bins();
        if (factor < 1 || n % factor != 0) {
            throw new IllegalArgumentException("coarsening factor " + factor + " must divide the " + n + " bins");
        }
        int m = n / factor;
        double[] edges = new double[m + 1];
        double[] sig = new double[m];
        double[] dif = new double[m];
        double[] self = new double[m];
        double[] out = new double[m];
        double[] outE = new double[m];
        double[] inj = new double[m];
        for (int c = 0; c < m; c++) {
            double lo = grid.lowerEdge(c * factor);
            double hi = grid.upperEdge(c * factor + factor - 1);
            edges[c] = lo;
            edges[c + 1] = hi;
            double s = 0;
            double d = 0;
            double g = 0;
            double o = 0;
            double oe = 0;
            double in = 0;
            for (int f = c * factor; f < c * factor + factor; f++) {
                double w = grid.width(f);
                s += meanCrossSection[f] * w;
                d += meanDifferential[f] * w;
                // 2 Int (e - lo) = 2 Int (e - lo_f) + 2 (lo_f - lo) Int 1
                g += selfGain[f] * w + 2 * (grid.lowerEdge(f) - lo) * meanDifferential[f] * w;
                o += outflow[f] * w;
                oe += outflowEnergy[f] * w;
                in += injectedEnergy[f] * w;
            }
            double w = hi - lo;
            sig[c] = s / w;
            dif[c] = d / w;
            self[c] = g / w;
            out[c] = o / w;
            outE[c] = oe / w;
            inj[c] = in / w;
        }
        return new EnergyOperator(EnergyGrid.ofEdges(edges), columnDensity, sig, dif, self, out, outE, inj);
    }

    /**
     * Refuses energy bins so wide that scatterings within a bin add more to it than it loses (self-gain above
     * sigmaBar: each scattering yields two neutrinos, and in a wide bin both often stay). The discrete model then
     * grows exponentially at large optical depth, which no solver can make physical.
     *
     * @param resolution the parameter that sets the bin width, named in the message
     * @throws nusi.physics.ParameterException naming it
     */
    public void requireResolvedSelfScattering(nusi.physics.Parameter resolution) {
        requireResolvedSelfScattering(grid, j -> selfGain[j], j -> meanCrossSection[j], resolution);
    }

    /** The same check for any operator on this grid, given its within-bin gain and its loss per bin. */
    static void requireResolvedSelfScattering(EnergyGrid grid, java.util.function.IntToDoubleFunction selfGain,
                                              java.util.function.IntToDoubleFunction loss,
                                              nusi.physics.Parameter resolution) {
        for (int j = 0; j < grid.bins(); j++) {
            double ratio = selfGain.applyAsDouble(j) / loss.applyAsDouble(j);
            if (loss.applyAsDouble(j) > 0 && ratio > 1) {
                throw new nusi.physics.ParameterException(String.format(java.util.Locale.ROOT,
                        "%s too few: bin [%.3g, %.3g] MeV spans a factor %.2f, so scatterings within it add %.2f times "
                                + "what it loses; use narrower bins (a factor <~ 2 each, >= 4 per decade)", resolution.token(),
                        grid.lowerEdge(j), grid.upperEdge(j), grid.upperEdge(j) / grid.lowerEdge(j), ratio));
            }
        }
    }

    public EnergyGrid grid() {
        return grid;
    }

    public double columnDensity() {
        return columnDensity;
    }

    /** sigmaBar_i in MeV^-2. */
    public double meanCrossSection(int bin) {
        return meanCrossSection[bin];
    }

    /** Bin average of dsig/dEf in MeV^-3. */
    public double meanDifferential(int bin) {
        return meanDifferential[bin];
    }

    /** Gain coefficient (MeV^-2) from bin i into bin j <= i, the factor 2 included. */
    public double gain(int target, int source) {
        if (target > source) {
            return 0;
        }
        if (target == source) {
            return selfGain[source];
        }
        return 2 * meanDifferential[source] * grid.width(target);
    }

    /** Rate (MeV^-2) at which bin i sends neutrinos below the grid. */
    public double outflow(int bin) {
        return outflow[bin];
    }

    public double outflowEnergy(int bin) {
        return outflowEnergy[bin];
    }

    public double injectedEnergy(int bin) {
        return injectedEnergy[bin];
    }

    /** Number of extra rows appended by {@link #augmentedMatrix}: outflow count, outflow energy, injected energy. */
    public static final int TRACKED_QUANTITIES = 3;

    /**
     * The generator nD * operator in descending-energy order (row/column p is bin n-1-p), so that it is lower
     * triangular, augmented with three rows that accumulate the outflow count, its energy (MeV) and the
     * injected energy (MeV). Off-diagonal entries are non-negative.
     */
    public double[][] augmentedMatrix() {
        int n = grid.bins();
        int size = n + TRACKED_QUANTITIES;
        double[][] a = new double[size][size];
        for (int p = 0; p < n; p++) {
            int i = n - 1 - p;
            a[p][p] = columnDensity * (selfGain[i] - meanCrossSection[i]);
            for (int q = p + 1; q < n; q++) {
                int j = n - 1 - q;
                a[q][p] = columnDensity * 2 * meanDifferential[i] * grid.width(j);
            }
            a[n][p] = columnDensity * outflow[i];
            a[n + 1][p] = columnDensity * outflowEnergy[i];
            a[n + 2][p] = columnDensity * injectedEnergy[i];
        }
        return a;
    }
}
