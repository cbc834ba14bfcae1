package nusi.transport;

import java.util.stream.IntStream;
import nusi.grid.AngleGrid;
import nusi.grid.EnergyGrid;
import nusi.numerics.GaussLegendre;
import nusi.physics.Kinematics;
import nusi.physics.ScatteringCrossSection;

/**
 * Eq. 8 on the (E, theta) grid, precomputed once per (grid, M, g): with x = r/D and counts f[j][a] in energy
 * bin j and angle cell a,
 *
 * <pre>
 *   df[j][b]/dx = - lossRate[j] sec[b] f[j][b]
 *                 + sum_{i >= j} sum_a gainRate[j][i] sec[a] f[i][a] * split(theta_a + shift[j][i] -> b)
 * </pre>
 *
 * lossRate = nD sigmaBar_j and gainRate = nD gain_{ji} are those of the energy-only {@link EnergyOperator}
 * (factor 2 included), so summing over angles gives the 1D equation exactly when sec = 1. shift[j][i] is the
 * mean deflection theta~ over the pair of bins (Ei weighted by dsig/dEf inside bin i, Ef uniform over the part
 * of bin j it can reach), added to the source angle (the paper's theta_f = theta_i + theta~) and split linearly
 * between the two neighbouring nodes, which keeps count and mean angle. The 1/cos factor multiplies the rate out
 * of the source cell (path length per radial step of the moving neutrino), which keeps every transfer
 * number-conserving; Eq. 8 as printed puts it on the target cell, which would not.
 *
 * <p>Three tracked quantities ride along, as in the 1D solver: the count and the energy that leave below the
 * energy grid, and the model's extra energy Efmin per scattering (physics.md, pitfall 7).
 */
public final class PhaseSpaceOperator {
    public static final int TRACKED_QUANTITIES = EnergyOperator.TRACKED_QUANTITIES;

    private final EnergyGrid energyGrid;
    private final AngleGrid angleGrid;
    private final double columnDensity;
    private final boolean secantFactor;
    private final double[] lossRate;
    private final double[] gainRate;
    private final double[] shift;
    private final double[] secant;
    private final double[] trackedRate;
    private final double[] angleNodes;
    private final double[] inverseSpacing;
    private final int[] firstLocalNode;
    private final nusi.physics.Deflection deflection;

    private PhaseSpaceOperator(EnergyGrid energyGrid, AngleGrid angleGrid, double columnDensity, boolean secantFactor,
                               double[] lossRate, double[] gainRate, double[] shift, double[] secant,
                               double[] trackedRate) {
        this(energyGrid, angleGrid, columnDensity, secantFactor, lossRate, gainRate, shift, secant, trackedRate,
                nusi.physics.Deflection.PLANAR);
    }

    private PhaseSpaceOperator(EnergyGrid energyGrid, AngleGrid angleGrid, double columnDensity, boolean secantFactor,
                               double[] lossRate, double[] gainRate, double[] shift, double[] secant,
                               double[] trackedRate, nusi.physics.Deflection deflection) {
        this.deflection = deflection;
        this.energyGrid = energyGrid;
        this.angleGrid = angleGrid;
        this.columnDensity = columnDensity;
        this.secantFactor = secantFactor;
        this.lossRate = lossRate;
        this.gainRate = gainRate;
        this.shift = shift;
        this.secant = secant;
        this.trackedRate = trackedRate;
        this.angleNodes = angleGrid.nodes();
        int nodes = angleNodes.length;
        this.inverseSpacing = new double[Math.max(1, nodes - 1)];
        for (int b = 0; b + 1 < nodes; b++) {
            inverseSpacing[b] = 1 / (angleNodes[b + 1] - angleNodes[b]);
        }
        // Depends only on each pair's shift: computed once here, not in every operator application.
        int n = energyGrid.bins();
        this.firstLocalNode = new int[n * n];
        for (int p = 0; p < n * n; p++) {
            firstLocalNode[p] = firstLocalNode(shift[p], inverseSpacing, nodes - 1);
        }
    }

    /**
     * The first node a >= 1 whose spacing to a + 1 exceeds the shift (last if none; 0 with a single node): from
     * there on a shifted count lands between its own node and the next (log nodes: the spacing grows with a from
     * node 1 on), so the scatter needs no search.
     */
    static int firstLocalNode(double shift, double[] inverseSpacing, int last) {
        int lo = 1;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (shift * inverseSpacing[mid] < 1) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Math.min(lo, last);
    }

    /**
     * @param columnDensity  n D in MeV^2
     * @param secantFactor   apply the 1/cos(theta) factor of Eq. 8
     * @param threads        threads for the pair integrals
     */
    public static PhaseSpaceOperator build(EnergyGrid energyGrid, AngleGrid angleGrid, ScatteringCrossSection xs,
                                           double neutrinoMass, double columnDensity, boolean secantFactor,
                                           int threads) {
        EnergyOperator e = EnergyOperator.build(energyGrid, xs, columnDensity);
        int n = energyGrid.bins();
        double[] loss = new double[n];
        double[] gain = new double[n * n];
        double[] tracked = new double[TRACKED_QUANTITIES * n];
        for (int j = 0; j < n; j++) {
            loss[j] = columnDensity * e.meanCrossSection(j);
            for (int i = j; i < n; i++) {
                gain[j * n + i] = columnDensity * e.gain(j, i);
            }
            tracked[j] = columnDensity * e.outflow(j);
            tracked[n + j] = columnDensity * e.outflowEnergy(j);
            tracked[2 * n + j] = columnDensity * e.injectedEnergy(j);
        }
        double[] shift = meanDeflections(energyGrid, xs, neutrinoMass, threads);
        double[] sec = secants(angleGrid, secantFactor);
        return new PhaseSpaceOperator(energyGrid, angleGrid, columnDensity, secantFactor, loss, gain, shift, sec,
                tracked);
    }

    /**
     * The energy-angle operator with the s-, t- and u-channels: the gains and losses of {@link ChannelsEnergyOperator}
     * (the 1D operator's per-pair bin integrals), the pair-mean deflections with Ef weighted by K(Ef/Ei). The
     * outflow below the grid is tracked, its count (2 sigmaBar less what lands on the grid) and its energy
     * ({@link ChannelsEnergyOperator#outflowEnergies}); the injected energy is zero (the pair shares Ei exactly).
     */
    public static PhaseSpaceOperator build(EnergyGrid energyGrid, AngleGrid angleGrid,
                                           nusi.physics.ChannelsCrossSection xs, double neutrinoMass,
                                           double columnDensity, boolean secantFactor, int threads) {
        ChannelsEnergyOperator e = ChannelsEnergyOperator.build(energyGrid, xs, columnDensity);
        int n = energyGrid.bins();
        double[] loss = new double[n];
        double[] gain = new double[n * n];
        double[] tracked = new double[TRACKED_QUANTITIES * n];
        double[] outflowEnergy = ChannelsEnergyOperator.outflowEnergies(energyGrid, xs);
        for (int i = 0; i < n; i++) {
            loss[i] = columnDensity * e.meanCrossSection(i);
            tracked[n + i] = columnDensity * outflowEnergy[i];
            double kept = 0;
            for (int j = 0; j <= i; j++) {
                gain[j * n + i] = columnDensity * e.gain(j, i);
                kept += e.gain(j, i);
            }
            // each scattering makes two neutrinos; those that do not land on the grid leave below it (a Dirac
            // difference cascade's gains, active less wrong-helicity daughters, may be negative, so may this)
            double below = e.totalGain(i) - kept;
            tracked[i] = columnDensity * (xs.gainDiffersFromLoss() ? below : Math.max(0, below));
        }
        java.util.function.DoubleBinaryOperator weight = xs.deflectionWeight();
        double[] shift = meanDeflections(energyGrid, xs.sChannel(), neutrinoMass, threads,
                weight == null ? (ei, ef) -> 1 : weight);
        double[] sec = secants(angleGrid, secantFactor);
        return new PhaseSpaceOperator(energyGrid, angleGrid, columnDensity, secantFactor, loss, gain, shift, sec,
                tracked);
    }

    /**
     * This operator in three dimensions (physics.md, "Beyond the paper"): each transfer spreads its count over the
     * azimuth, theta_f^2 = theta_a^2 + delta^2 + 2 theta_a delta cos phi, with delta the pair's rms deflection
     * sqrt(pair mean of theta~^2) (so that the mean theta^2 of every transfer grows by exactly the pair mean of
     * theta~^2, as in the exact 3D moments), and each theta_f split between its two nodes linearly in theta^2. Gains
     * and losses are unchanged.
     *
     * @param squaredDeflection the pair means of theta~^2 [j * N + i] (rad^2), {@link PairMeans#squaredDeflection}
     */
    public PhaseSpaceOperator inThreeDimensions(double[] squaredDeflection) {
        int n = energyGrid.bins();
        if (squaredDeflection.length != n * n) {
            throw new IllegalArgumentException("pair table: " + squaredDeflection.length + " entries for " + n
                    + " bins, expected " + n * n);
        }
        double[] rms = new double[n * n];
        for (int p = 0; p < rms.length; p++) {
            rms[p] = Math.sqrt(squaredDeflection[p]);
        }
        return new PhaseSpaceOperator(energyGrid, angleGrid, columnDensity, secantFactor, lossRate, gainRate, rms,
                secant, trackedRate, nusi.physics.Deflection.THREE_D);
    }

    /**
     * This operator with every pair's deflection times {@code factor} (gains and losses unchanged): the point
     * source's operator at x = factor, where a deflection theta~ moves the arrival angle by x theta~.
     */
    public PhaseSpaceOperator withDeflectionsScaledBy(double factor) {
        if (!(factor >= 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("deflection factor must be finite and >= 0, got " + factor);
        }
        double[] scaled = new double[shift.length];
        for (int p = 0; p < scaled.length; p++) {
            scaled[p] = factor * shift[p];
        }
        return new PhaseSpaceOperator(energyGrid, angleGrid, columnDensity, secantFactor, lossRate, gainRate, scaled,
                secant, trackedRate, deflection);
    }

    /**
     * The operator of several relic targets (mass states t of weight w_t, each operator with its own cross section
     * and column density, on one energy and angle grid): losses, gains and tracked rates summed with the weights, and
     * per pair the gain-weighted mean of the targets' deflections (which keeps every transfer's count and mean angle;
     * the spread between the targets' deflections, theta~ ~ sqrt(m_t), is not resolved). What
     * {@link MassStatesPhaseSpaceBackend} couples the supernova's mass states through.
     */
    public static PhaseSpaceOperator weightedSum(java.util.List<PhaseSpaceOperator> targets, double[] weights) {
        PhaseSpaceOperator first = targets.get(0);
        if (targets.size() != weights.length) {
            throw new IllegalArgumentException(targets.size() + " targets for " + weights.length + " weights");
        }
        int n = first.energyBins();
        double[] loss = new double[n];
        double[] gain = new double[n * n];
        double[] weightedShift = new double[n * n];
        double[] tracked = new double[TRACKED_QUANTITIES * n];
        for (int t = 0; t < weights.length; t++) {
            PhaseSpaceOperator op = targets.get(t);
            if (!op.energyGrid.equals(first.energyGrid) || !op.angleGrid.equals(first.angleGrid)
                    || op.secantFactor != first.secantFactor || op.deflection != first.deflection) {
                throw new IllegalArgumentException("the targets' operators must share their grids, 1/cos and "
                        + "deflection picture");
            }
            double w = weights[t];
            for (int j = 0; j < n; j++) {
                loss[j] += w * op.lossRate[j];
            }
            for (int p = 0; p < n * n; p++) {
                gain[p] += w * op.gainRate[p];
                weightedShift[p] += w * op.gainRate[p] * op.shift[p];
            }
            for (int q = 0; q < tracked.length; q++) {
                tracked[q] += w * op.trackedRate[q];
            }
        }
        double[] shift = new double[n * n];
        for (int p = 0; p < n * n; p++) {
            shift[p] = gain[p] > 0 ? weightedShift[p] / gain[p] : 0;
        }
        return new PhaseSpaceOperator(first.energyGrid, first.angleGrid, first.columnDensity, first.secantFactor, loss,
                gain, shift, first.secant, tracked, first.deflection);
    }

    /** The angular picture: planar addition (the paper) or three dimensions with a random azimuth. */
    public nusi.physics.Deflection deflection() {
        return deflection;
    }

    /** 1/cos theta per angle cell (Eq. 8), or 1 without the secant factor. */
    private static double[] secants(AngleGrid angleGrid, boolean secantFactor) {
        double[] sec = new double[angleGrid.cells()];
        for (int a = 0; a < sec.length; a++) {
            sec[a] = secantFactor ? 1 + angleGrid.secantMinusOne(a) : 1;
        }
        return sec;
    }

    /**
     * An operator from given tables (tests, benchmarks): lossRate[N], gainRate[N * N] (j <= i), shift[N * N],
     * trackedRate[3 N], with the secant of the angle grid when {@code secantFactor}.
     */
    static PhaseSpaceOperator ofTables(EnergyGrid energyGrid, AngleGrid angleGrid, boolean secantFactor,
                                       double[] lossRate, double[] gainRate, double[] shift, double[] trackedRate) {
        double[] sec = secants(angleGrid, secantFactor);
        return new PhaseSpaceOperator(energyGrid, angleGrid, 1.0, secantFactor, lossRate.clone(), gainRate.clone(),
                shift.clone(), sec, trackedRate.clone());
    }

    /**
     * The pair-mean deflections delta[j * N + i] (rad) of every pair j <= i (see {@link #meanDeflection}): the
     * shifts of the energy-angle operator and the coupling of the exact angle moments
     * ({@link ExactMoments}).
     */
    public static double[] meanDeflections(EnergyGrid energyGrid, ScatteringCrossSection xs, double neutrinoMass,
                                           int threads) {
        return meanDeflections(energyGrid, xs, neutrinoMass, threads, null);
    }

    /** As above with Ef weighted by {@code weight}(Ei, Ef) within each pair (null: uniform). */
    static double[] meanDeflections(EnergyGrid energyGrid, ScatteringCrossSection xs, double neutrinoMass,
                                    int threads, java.util.function.DoubleBinaryOperator weight) {
        int n = energyGrid.bins();
        double[] shift = new double[n * n];
        Runnable work = () -> IntStream.range(0, n).parallel().forEach(i -> {
            double[] out = new double[4];
            for (int j = 0; j <= i; j++) {
                pairMeans(energyGrid, xs, neutrinoMass, i, j, GRADED_PIECES, GRADING_RATIO, out, weight);
                shift[j * n + i] = out[0];
            }
        });
        ParallelRows.run(threads, work);
        return shift;
    }

    private static final GaussLegendre INNER = new GaussLegendre(8);

    /**
     * Mean deflection (rad) of a scattering from bin i into bin j: Int dEi dsig/dEf(Ei) Int dEf theta~(Ei, Ef)
     * over Ef in bin j and in [Efmin(Ei), Ei], divided by the same without theta~. The inner integral uses
     * Ef = Ei - v^2, which removes the square-root behaviour of theta~ at Ef -> Ei.
     */
    static double meanDeflection(EnergyGrid grid, ScatteringCrossSection xs, double m, int i, int j) {
        return meanDeflection(grid, xs, m, i, j, GRADED_PIECES, GRADING_RATIO);
    }

    /** Graded pieces of the outer rule toward Ei = lower edge of bin i, for pairs j >= i - 1. */
    private static final GaussLegendre FAR_RULE = new GaussLegendre(6);
    private static final GaussLegendre GRADED_RULE = new GaussLegendre(12);

    /** The resonance (with its half width) more than 10 bin widths from [lo, hi]. */
    private static boolean farFromResonance(nusi.physics.ResonantCrossSection r, double lo, double hi) {
        double eRes = r.resonanceEnergy();
        double distance = eRes < lo ? lo - eRes : eRes > hi ? eRes - hi : 0;
        return distance > 10 * Math.max(hi - lo, r.resonanceHalfWidth());
    }

    static final int GRADED_PIECES = 12;
    static final double GRADING_RATIO = 0.25;

    /**
     * As {@link #meanDeflection(EnergyGrid, ScatteringCrossSection, double, int, int)}. For scattering within bin i
     * and into the bin just below, the inner integral behaves as (Ei - lo_i)^(3/2) at the bin's lower edge (theta~
     * ~ sqrt(Ei - Ef) with Ef up to Ei), which a plain Gauss rule over the bin resolves only to ~7e-7: the outer
     * integral is split into {@code pieces} geometrically shrinking pieces toward that edge (ratio {@code ratio}).
     */
    static double meanDeflection(EnergyGrid grid, ScatteringCrossSection xs, double m, int i, int j, int pieces,
                                 double ratio) {
        double[] out = new double[4];
        pairMeans(grid, xs, m, i, j, pieces, ratio, out);
        return out[0];
    }

    /**
     * Pair means over a scattering from bin i into bin j (Ei weighted by dsig/dEf inside bin i, Ef uniform over the
     * part of bin j it can reach): out[0] = theta~, out[1] = theta~^2, out[2] = 1 - cos theta~ = m (1/Ef - 1/Ei),
     * out[3] = theta~^4, out[4] = theta~^3.
     * The inner integral uses Ef = Ei - v^2, which removes the square-root behaviour of theta~ at Ef -> Ei. For
     * scattering within bin i and into the bin just below, the inner integral behaves as (Ei - lo_i)^(3/2) at the
     * bin's lower edge, which a plain Gauss rule over the bin resolves only to ~7e-7: the outer integral is split
     * into {@code pieces} geometrically shrinking pieces toward that edge (ratio {@code ratio}).
     */
    static void pairMeans(EnergyGrid grid, ScatteringCrossSection xs, double m, int i, int j, int pieces,
                          double ratio, double[] out) {
        pairMeans(grid, xs, m, i, j, pieces, ratio, out, null);
    }

    /**
     * As above with Ef weighted by {@code weight}(Ei, Ef) inside bin j instead of uniformly (null: uniform), e.g. the
     * s-, t- and u-channels' K(Ef/Ei) relative to the flat s-channel.
     */
    static void pairMeans(EnergyGrid grid, ScatteringCrossSection xs, double m, int i, int j, int pieces,
                          double ratio, double[] out, java.util.function.DoubleBinaryOperator weight) {
        double lo = grid.lowerEdge(j);
        double hi = grid.upperEdge(j);
        ScatteringCrossSection.SmoothFactors factors = (ei, v) -> {
            double a = Math.max(lo, xs.minimumFinalEnergy(ei));
            double b = Math.min(hi, ei);
            if (!(b > a)) {
                v[0] = 0;
                v[1] = 0;
                v[2] = 0;
                v[3] = 0;
                v[4] = 0;
                v[5] = 0;
                return;
            }
            // In v = sqrt(Ei - Ef) where bin j reaches up to near Ei (the sqrt end); in Ef itself where the bin lies
            // far below Ei, since Ef = Ei - v^2 would lose its digits there (~1e-6 relative at Ef = 1e-6 MeV,
            // Ei = 273 MeV: measured).
            boolean inEf = ei - b > b - a;
            double v1 = inEf ? a : Math.sqrt(ei - b);
            double v2 = inEf ? b : Math.sqrt(ei - a);
            double s = 0;
            double s2 = 0;
            double sk = 0;
            double s4 = 0;
            double s3 = 0;
            double den = 0;
            for (int k = 0; k < INNER.order(); k++) {
                double node = INNER.node(k, v1, v2);
                double ef = inEf ? node : ei - node * node;
                double x2 = inEf ? ei - node : node * node;
                double w = INNER.weight(k, v1, v2) * (inEf ? 1 : 2 * node);
                if (weight != null) {
                    w *= weight.applyAsDouble(ei, ef);
                }
                den += w;
                double t = Kinematics.deflectionAngle(ei, ef, m);
                s += w * t;
                s2 += w * t * t;
                s4 += w * t * t * t * t;
                s3 += w * t * t * t;
                // 1 - cos = m (Ei - Ef) / (Ei Ef), without cancellation
                sk += w * m * x2 / (ei * ef);
            }
            v[0] = s;
            v[1] = weight == null ? b - a : den;
            v[2] = s2;
            v[3] = sk;
            v[4] = s4;
            v[5] = s3;
        };
        double loI = grid.lowerEdge(i);
        double hiI = grid.upperEdge(i);
        double[] part = new double[6];
        double[] sum = new double[6];
        double top = hiI;
        int graded = j >= i - 1 ? pieces : 0;
        // Far from the resonance (10 widths of the source bin or more) the s-channel factor is smooth there: a plain
        // Gauss rule instead of the resonant quadrature, 6 points for targets two or more bins below.
        nusi.physics.ResonantCrossSection far = xs instanceof nusi.physics.ResonantCrossSection r
                && farFromResonance(r, loI, hiI) ? r : null;
        // the graded pieces of the two nearest targets keep 12 points (the sqrt(Ei - lo) end: 6 would cost 2e-9)
        GaussLegendre rule = graded > 0 ? GRADED_RULE : FAR_RULE;
        for (int k = 0; k <= graded; k++) {
            double bottom = k == graded ? loI : loI + (hiI - loI) * Math.pow(ratio, k + 1);
            if (far != null) {
                for (int q = 0; q < rule.order(); q++) {
                    double e = rule.node(q, bottom, top);
                    double w = rule.weight(q, bottom, top) * far.differentialPerFinalEnergy(e);
                    factors.evaluate(e, part);
                    for (int c = 0; c < 6; c++) {
                        sum[c] += w * part[c];
                    }
                }
            } else {
                xs.integrateDifferential(bottom, top, factors, part);
                for (int q = 0; q < 6; q++) {
                    sum[q] += part[q];
                }
            }
            top = bottom;
        }
        double den = sum[1];
        out[0] = den > 0 ? sum[0] / den : 0;
        out[1] = den > 0 ? sum[2] / den : 0;
        out[2] = den > 0 ? sum[3] / den : 0;
        out[3] = den > 0 ? sum[4] / den : 0;
        if (out.length > 4) {
            out[4] = den > 0 ? sum[5] / den : 0;
        }
    }

    /**
     * The pair-mean tables [j * N + i] (i >= j) of {@link #pairMeans}: theta~, theta~^2, 1 - cos theta~, theta~^4,
     * theta~^3.
     */
    public record PairMeans(double[] deflection, double[] squaredDeflection, double[] oneMinusCos,
                            double[] fourthPowerDeflection, double[] cubicDeflection) {
    }

    public static PairMeans pairMeans(EnergyGrid energyGrid, ScatteringCrossSection xs, double neutrinoMass,
                                      int threads) {
        return pairMeans(energyGrid, xs, neutrinoMass, threads, null);
    }

    /** The pair means with the s-, t- and u-channels: Ef weighted by K(Ef/Ei) inside each pair. */
    public static PairMeans pairMeans(EnergyGrid energyGrid, nusi.physics.ChannelsCrossSection xs,
                                      double neutrinoMass, int threads) {
        return pairMeans(energyGrid, xs.sChannel(), neutrinoMass, threads, xs.deflectionWeight());
    }

    private static PairMeans pairMeans(EnergyGrid energyGrid, ScatteringCrossSection xs, double neutrinoMass,
                                       int threads, java.util.function.DoubleBinaryOperator weight) {
        int n = energyGrid.bins();
        double[] d = new double[n * n];
        double[] d2 = new double[n * n];
        double[] k = new double[n * n];
        double[] d4 = new double[n * n];
        double[] d3 = new double[n * n];
        Runnable work = () -> IntStream.range(0, n).parallel().forEach(i -> {
            double[] out = new double[5];
            for (int j = 0; j <= i; j++) {
                pairMeans(energyGrid, xs, neutrinoMass, i, j, GRADED_PIECES, GRADING_RATIO, out, weight);
                d[j * n + i] = out[0];
                d2[j * n + i] = out[1];
                k[j * n + i] = out[2];
                d4[j * n + i] = out[3];
                d3[j * n + i] = out[4];
            }
        });
        ParallelRows.run(threads, work);
        return new PairMeans(d, d2, k, d4, d3);
    }

    /**
     * The angle grid fitted to the kinematics of an energy grid (the one recipe of the CLI, the tests and the
     * benchmarks): theta = 0, log-spaced nodes from half the smallest pair-mean deflection on the energy grid (but at
     * most half of maxAngle) up to maxAngle, and an outflow cell beyond it.
     *
     * @param cells    K, angle cells including the outflow cell
     * @param maxAngle the last node, rad
     */
    public static AngleGrid fittedAngleGrid(EnergyGrid energyGrid, ScatteringCrossSection xs, double neutrinoMass,
                                            int cells, double maxAngle) {
        double first = Math.min(0.5 * smallestDeflection(energyGrid, xs, neutrinoMass), maxAngle / 2);
        return AngleGrid.logSpaced(cells, first, maxAngle);
    }

    /**
     * The smallest mean deflection on this energy grid: scattering within one bin, smallest at the top
     * (theta~ ~ sqrt(m dE) / E). The first angle node must lie below it, or such scatterings fall back to theta = 0.
     */
    public static double smallestDeflection(EnergyGrid grid, ScatteringCrossSection xs, double neutrinoMass) {
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < grid.bins(); j++) {
            double d = meanDeflection(grid, xs, neutrinoMass, j, j);
            if (d > 0) {
                min = Math.min(min, d);
            }
        }
        return Double.isFinite(min) ? min : 1e-6;
    }

    public EnergyGrid energyGrid() {
        return energyGrid;
    }

    public AngleGrid angleGrid() {
        return angleGrid;
    }

    public int energyBins() {
        return energyGrid.bins();
    }

    public int angleCells() {
        return angleGrid.cells();
    }

    /** Length of a state vector: N K counts and the tracked quantities. */
    public int stateLength() {
        return energyBins() * angleCells() + TRACKED_QUANTITIES;
    }

    public double columnDensity() {
        return columnDensity;
    }

    public boolean secantFactor() {
        return secantFactor;
    }

    /** nD sigmaBar_j, per unit x = r/D. */
    public double lossRate(int j) {
        return lossRate[j];
    }

    /** nD gain_{ji} (j <= i), per unit x. */
    public double gainRate(int target, int source) {
        return gainRate[target * energyBins() + source];
    }

    /** Mean deflection of a scattering from bin i into bin j, rad. */
    public double shift(int target, int source) {
        return shift[target * energyBins() + source];
    }

    /** sec(theta) of a cell (1 when the factor is off). */
    public double secant(int cell) {
        return secant[cell];
    }

    /** Rate of tracked quantity q (0: count below grid, 1: its energy, 2: injected energy) per count in bin i. */
    public double trackedRate(int q, int bin) {
        return trackedRate[q * energyBins() + bin];
    }

    /** Raw arrays for backends (not copied: backends must not modify them). */
    public Arrays arrays() {
        return new Arrays(lossRate, gainRate, shift, secant, trackedRate, angleNodes, inverseSpacing, firstLocalNode);
    }

    /**
     * The precomputed tables, row-major: gainRate[j * N + i], shift[j * N + i], firstLocalNode[j * N + i],
     * trackedRate[q * N + i]; inverseSpacing[b] = 1 / (theta[b + 1] - theta[b]).
     */
    public record Arrays(double[] lossRate, double[] gainRate, double[] shift, double[] secant, double[] trackedRate,
                         double[] angleNodes, double[] inverseSpacing, int[] firstLocalNode) {
    }
}
