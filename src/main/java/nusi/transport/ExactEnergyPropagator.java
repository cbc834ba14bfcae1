package nusi.transport;

import nusi.grid.EnergyGrid;
import nusi.numerics.MetzlerExponential;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ScatteringCrossSection;

/**
 * Energy-only (angle-integrated) Eq. 8 solved exactly in r: N(D) = exp(nD A) N(0) with the triangular
 * {@link MetzlerExponential}. The 1/cos(theta) factor is not part of the angle-integrated equation; it changes
 * F by theta^2/2 times the optical depth, below 1e-7 (physics.md).
 *
 * <p>Because energy only decreases, bins above the threshold evolve independently of everything below, so
 * {@link #fractionAboveThreshold} solves only the sub-grid above it: the same numbers, a fraction of the cost.
 */
public final class ExactEnergyPropagator {
    private ExactEnergyPropagator() {
    }

    /** Full spectrum at r = D on the given grid. */
    public static EnergySpectrumResult propagate(EnergyGrid grid, ScatteringCrossSection xs, RelicMedium medium,
                                                 PinchedSpectrum source, double threshold) {
        return propagate(grid, xs, medium.columnDensity(), initialCounts(grid, source), threshold);
    }

    /** Full spectrum for given initial counts and column density nD (MeV^2). */
    public static EnergySpectrumResult propagate(EnergyGrid grid, ScatteringCrossSection xs, double columnDensity,
                                                 double[] initial, double threshold) {
        return propagate(EnergyOperator.build(grid, xs, columnDensity), initial, threshold);
    }

    /** Full spectrum with an operator already built (and checked) by the caller. */
    public static EnergySpectrumResult propagate(EnergyOperator op, double[] initial, double threshold) {
        EnergyGrid grid = op.grid();
        int n = grid.bins();
        double[] w = evolve(op.augmentedMatrix(), initial, n);
        double[] fin = new double[n];
        for (int p = 0; p < n; p++) {
            fin[n - 1 - p] = w[p];
        }
        double f = grid.countAbove(fin, threshold);
        return new EnergySpectrumResult(grid, initial.clone(), fin, w[n], w[n + 1], w[n + 2], threshold, f);
    }

    /** F(M, g): the fraction of emitted neutrinos above threshold at r = D, solving only bins above it. */
    public static double fractionAboveThreshold(EnergyGrid grid, ScatteringCrossSection xs, RelicMedium medium,
                                                PinchedSpectrum source, double threshold) {
        EnergyGrid upper = grid.truncatedBelow(threshold);
        EnergyOperator op = EnergyOperator.build(upper, xs, medium.columnDensity());
        // The bins above threshold decide F: a grid too coarse for them is refused rather than giving garbage.
        op.requireResolvedSelfScattering("--bins-per-decade");
        int n = upper.bins();
        // The tracked quantities are not needed for F: exponentiate the n x n counts block only.
        double[][] full = op.augmentedMatrix();
        double[][] a = new double[n][];
        for (int p = 0; p < n; p++) {
            a[p] = java.util.Arrays.copyOf(full[p], n);
        }
        double[] w = evolve(a, initialCounts(upper, source), n);
        double[] fin = new double[n];
        for (int p = 0; p < n; p++) {
            fin[n - 1 - p] = w[p];
        }
        return upper.countAbove(fin, threshold);
    }

    /**
     * exp(a) applied to the initial counts (ascending energy, n bins) placed in a's descending-energy order, the
     * tracked entries (if a has them) starting at zero; returns the result in a's order.
     */
    private static double[] evolve(double[][] a, double[] initial, int n) {
        double[] v = new double[a.length];
        for (int p = 0; p < n; p++) {
            v[p] = initial[n - 1 - p];
        }
        return MetzlerExponential.expTimes(a, v);
    }

    /** Emitted neutrinos per bin (fractions of one emitted neutrino). */
    public static double[] initialCounts(EnergyGrid grid, PinchedSpectrum source) {
        double[] c = new double[grid.bins()];
        for (int i = 0; i < c.length; i++) {
            c[i] = source.fractionBetween(grid.lowerEdge(i), grid.upperEdge(i));
        }
        return c;
    }
}
