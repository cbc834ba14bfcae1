package nusi.transport;

import nusi.grid.EnergyGrid;
import nusi.physics.PinchedSpectrum;
import nusi.physics.RelicMedium;
import nusi.physics.ScatteringCrossSection;

/**
 * Energy-only (angle-integrated) Eq. 8 solved exactly in r: N(D) = exp(nD A) N(0) by CRAM-48
 * ({@link CramIntegrator}) on the rank-one sweeps of {@link EnergyOnlyBackend}: 24 complex O(N) solves. (The
 * dense triangular {@link nusi.numerics.MetzlerExponential} is the independent reference of the tests.) The
 * 1/cos(theta) factor is not part of the angle-integrated equation; it changes F by theta^2/2 times the optical
 * depth, below 1e-7 (physics.md).
 *
 * <p>Because energy only decreases, bins above the threshold evolve independently of everything below, so
 * {@link #fractionAboveThreshold} solves only the sub-grid above it: the same numbers, a fraction of the cost.
 */
public final class ExactEnergyPropagator {
    private static final CramIntegrator CRAM = CramIntegrator.order48();

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
        double[] w = evolve(EnergyOnlyBackend.of(op), initial, 1.0);
        double[] fin = java.util.Arrays.copyOf(w, n);
        double f = grid.countAbove(fin, threshold);
        return new EnergySpectrumResult(grid, initial.clone(), fin, w[n], w[n + 1], w[n + 2], threshold, f);
    }

    /** F(M, g): the fraction of emitted neutrinos above threshold at r = D, solving only bins above it. */
    public static double fractionAboveThreshold(EnergyGrid grid, ScatteringCrossSection xs, RelicMedium medium,
                                                PinchedSpectrum source, double threshold) {
        EnergyGrid upper = grid.truncatedBelow(threshold);
        EnergyOperator op = EnergyOperator.build(upper, xs, medium.columnDensity(), false);
        // The bins above threshold decide F: a grid too coarse for them is refused rather than giving garbage.
        op.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
        double[] w = evolve(EnergyOnlyBackend.countsOnly(op), initialCounts(upper, source), 1.0);
        return upper.countAbove(java.util.Arrays.copyOf(w, upper.bins()), threshold);
    }

    /**
     * F extrapolated in the bin width (Richardson): F is second order in the bin width with an even expansion
     * (measured: the change falls 4x per doubling of the bins per decade, docs/convergence.md), so F on anchored
     * grids with bpd, 2 bpd, ..., 2^(L-1) bpd bins per decade gives T[l][k] = T[l][k-1] + (T[l][k-1] - T[l-1][k-1])
     * / (4^k - 1). Only the finest grid is integrated: the coarser operators and counts are its exact merges
     * ({@link EnergyOperator#coarsened}).
     *
     * @param value          T[L-1][L-1]
     * @param errorEstimate  |T[L-1][L-1] - T[L-1][L-2]| relative to the value (NaN for one level)
     * @param perLevel       F on each grid, coarsest first
     */
    public record ExtrapolatedFraction(double value, double errorEstimate, double[] perLevel, int[] binsPerDecade) {
    }

    /**
     * @param maxEnergy     upper end of the grids (MeV; the coarsest grid's lattice edge at or above it)
     * @param binsPerDecade the coarsest grid's bins per decade
     * @param levels        grids (1: no extrapolation)
     */
    public static ExtrapolatedFraction fractionAboveThreshold(double maxEnergy, int binsPerDecade, int levels,
                                                              ScatteringCrossSection xs, RelicMedium medium,
                                                              PinchedSpectrum source, double threshold) {
        return onNestedGrids(maxEnergy, binsPerDecade, levels, xs, medium, source, threshold, (op, counts, f) -> f);
    }

    /**
     * F of Dirac neutrinos with the s-channel alone ({@code xs} of a {@link nusi.physics.Mediator.Convention#LAGRANGIAN_DIRAC}
     * mediator), extrapolated as above: each scattering makes one active and one wrong-helicity neutrino with the flat
     * dsig/dEf, so of the two cascades (docs/channels.md, "Dirac neutrinos as implemented") A + W is the flat rank-one
     * cascade and A - W a pure attenuation, exp(-n D sigmaBar) per bin; F is their half sum on every grid. The same F
     * as {@link ChannelsEnergyOperator#activeFraction} on the general triangle, 20 times faster (tested).
     */
    public static ExtrapolatedFraction diracSChannelFraction(double maxEnergy, int binsPerDecade, int levels,
                                                             ScatteringCrossSection xs, RelicMedium medium,
                                                             PinchedSpectrum source, double threshold) {
        return onNestedGrids(maxEnergy, binsPerDecade, levels, xs, medium, source, threshold, (op, counts, f) -> {
            double[] attenuated = new double[counts.length];
            for (int j = 0; j < counts.length; j++) {
                attenuated[j] = counts[j] * Math.exp(-medium.columnDensity() * op.meanCrossSection(j));
            }
            return 0.5 * (f + op.grid().countAbove(attenuated, threshold));
        });
    }

    /** What F on one grid becomes, given its operator, the initial counts and the flat cascade's F. */
    private interface GridFraction {
        double of(EnergyOperator op, double[] counts, double cascadeFraction);
    }

    /** The flat cascade's F on each nested grid (the finest's operator once, the coarser its exact sums), extrapolated. */
    private static ExtrapolatedFraction onNestedGrids(double maxEnergy, int binsPerDecade, int levels,
                                                      ScatteringCrossSection xs, RelicMedium medium,
                                                      PinchedSpectrum source, double threshold, GridFraction g) {
        EnergyGrid finest = finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        EnergyOperator fine = EnergyOperator.build(finest, xs, medium.columnDensity(), false);
        return overLevels(cachedInitialCounts(finest, source), binsPerDecade, levels, (factor, coarsest, counts) -> {
            EnergyOperator op = factor == 1 ? fine : fine.coarsened(factor);
            if (coarsest) {
                op.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
            }
            double[] w = evolve(EnergyOnlyBackend.countsOnly(op), counts, 1.0);
            return g.of(op, counts, op.grid().countAbove(java.util.Arrays.copyOf(w, counts.length), threshold));
        });
    }

    /**
     * The finest of the nested grids of an extrapolation: anchored on the threshold, binsPerDecade 2^(levels - 1) per
     * decade, up to the coarsest grid's lattice edge at or above maxEnergy.
     */
    static EnergyGrid finestGrid(double maxEnergy, int binsPerDecade, int levels, double threshold) {
        if (levels < 1 || levels > 5) {
            throw new IllegalArgumentException("extrapolation levels must be in [1, 5], got " + levels);
        }
        EnergyGrid coarsest = EnergyGrid.anchored(threshold, maxEnergy, binsPerDecade, threshold);
        return EnergyGrid.anchored(threshold, coarsest.maxEnergy(), binsPerDecade << (levels - 1), threshold);
    }

    /** F on the grid of {@code factor} merged finest bins, given the emitted counts merged onto it. */
    interface LevelFraction {
        double fraction(int factor, boolean coarsest, double[] counts);
    }

    /**
     * F on each nested grid, coarsest first (the finest bins merged by 2^(levels - 1), ..., 1: the operators of
     * EnergyOperator#coarsened and its kin are exact), extrapolated in the bin width.
     */
    static ExtrapolatedFraction overLevels(double[] fineCounts, int binsPerDecade, int levels, LevelFraction f) {
        double[] perLevel = new double[levels];
        int[] bpd = new int[levels];
        for (int l = 0; l < levels; l++) {
            int factor = 1 << (levels - 1 - l);
            double[] counts = new double[fineCounts.length / factor];
            for (int i = 0; i < fineCounts.length; i++) {
                counts[i / factor] += fineCounts[i];
            }
            perLevel[l] = f.fraction(factor, l == 0, counts);
            bpd[l] = binsPerDecade << l;
        }
        return extrapolate(perLevel, bpd);
    }

    /** Richardson in the bin width over F on nested grids (coarsest first), the h^2, h^4, ... terms removed. */
    static ExtrapolatedFraction extrapolate(double[] perLevel, int[] bpd) {
        int levels = perLevel.length;
        double[] t = perLevel.clone();
        double previousBest = Double.NaN;
        for (int k = 1; k < levels; k++) {
            previousBest = t[levels - 1];
            double factor = Math.pow(4, k) - 1;
            for (int l = levels - 1; l >= k; l--) {
                t[l] = t[l] + (t[l] - t[l - 1]) / factor;
            }
        }
        double value = t[levels - 1];
        double error = levels == 1 ? Double.NaN : Math.abs(value - previousBest) / Math.abs(value);
        return new ExtrapolatedFraction(value, error, perLevel.clone(), bpd.clone());
    }

    /**
     * The exact planar mean angle (rad) per energy bin at x = r/D, with no angle grid: the chain
     * dH/dx = A H + (G o delta) N (physics.md), 1/cos off. NaN where a bin is empty.
     *
     * @param meanDeflection pair-mean deflections as from {@link PhaseSpaceOperator#meanDeflections}
     */
    public static double[] meanAnglePerBin(EnergyOperator op, double[] meanDeflection, double[] initial, double x) {
        return meanAnglePerBin(new MomentChains(op), meanDeflection, initial, x);
    }

    /** As above with the s-, t- and u-channels (the general gain triangle; deflections weighted by K). */
    public static double[] meanAnglePerBin(ChannelsEnergyOperator op, double[] meanDeflection, double[] initial,
                                           double x) {
        return meanAnglePerBin(new MomentChains(op), meanDeflection, initial, x);
    }

    /**
     * In three dimensions the mean theta^2 grows at each scattering by exactly the pair mean of theta~^2 (the cross
     * term averages out over the azimuth), so chain(G o delta2)/N is the mean square polar angle per bin (rad^2).
     */
    public static double[] meanSquareAngle3dPerBin(EnergyOperator op, double[] squaredDeflection, double[] initial,
                                                   double x) {
        return meanAnglePerBin(new MomentChains(op), squaredDeflection, initial, x);
    }

    /** As above with the s-, t- and u-channels. */
    public static double[] meanSquareAngle3dPerBin(ChannelsEnergyOperator op, double[] squaredDeflection,
                                                   double[] initial, double x) {
        return meanAnglePerBin(new MomentChains(op), squaredDeflection, initial, x);
    }

    /** chain(G o table)/N per bin: the mean of an additive per-scattering quantity. */
    private static double[] meanAnglePerBin(MomentChains b, double[] meanDeflection, double[] initial, double x) {
        int n = b.bins();
        int h = b.add(MomentChains.COUNTS, b.coupling(meanDeflection)) * n;
        double[] w = evolve(b, initial, x);
        double[] mean = new double[n];
        for (int j = 0; j < n; j++) {
            mean[j] = w[j] > 0 ? w[h + j] / w[j] : Double.NaN;
        }
        return mean;
    }

    /** exp(x A) applied to the initial counts (ascending energy), everything else starting at zero. */
    private static double[] evolve(VectorBackend b, double[] initial, double x) {
        double[] v = new double[b.length()];
        System.arraycopy(initial, 0, v, 0, initial.length);
        return CRAM.propagate(b, v, new double[]{x}, Integrator.Listener.NONE).states()[0];
    }

    private record CountsKey(PinchedSpectrum source, double threshold, double top, int bins) {
    }

    /** The emitted counts do not depend on (M, g): a bound scan reuses them (a few grids at a time). */
    private static final java.util.concurrent.ConcurrentHashMap<CountsKey, double[]> COUNTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static double[] cachedInitialCounts(EnergyGrid grid, PinchedSpectrum source) {
        CountsKey key = new CountsKey(source, grid.minEnergy(), grid.maxEnergy(), grid.bins());
        double[] c = COUNTS.get(key);
        if (c == null) {
            if (COUNTS.size() > 32) {
                COUNTS.clear();
            }
            c = initialCounts(grid, source);
            COUNTS.put(key, c);
        }
        return c;
    }

    /** Emitted neutrinos per bin (fractions of one emitted neutrino): one incomplete gamma per edge. */
    public static double[] initialCounts(EnergyGrid grid, PinchedSpectrum source) {
        return source.fractionsBetween(grid.edges());
    }
}
