package nusi.transport;

import nusi.grid.EnergyGrid;
import nusi.physics.ChannelsCrossSection;
import nusi.physics.Parameter;

/**
 * The energy-only operator of Eq. 8 (1/cos off) for a cross section whose dsig/dEf is not flat in Ef (s-, t- and
 * u-channels: {@link ChannelsCrossSection}): the gain from bin i into each bin j <= i is its own bin integral, so
 * the strict triangle is general rather than rank one ({@link EnergyOperator}'s flat case). Ei is weighted by the
 * s-channel's dsig/dEf inside bin i (the resonant quadrature) times K integrated over the x = Ef/Ei of bin j, as
 * EnergyOperator weights it with K = 1; with {@link nusi.physics.Channels#S} both operators coincide (tested).
 * Counts only (what F needs). Immutable.
 */
public final class ChannelsEnergyOperator {
    private final EnergyGrid grid;
    private final double columnDensity;
    private final double[] meanCrossSection;
    /** gain[j * n + i], MeV^-2, the factor 2 (both final neutrinos) included. */
    private final double[] gain;

    private ChannelsEnergyOperator(EnergyGrid grid, double columnDensity, double[] meanCrossSection, double[] gain) {
        this.grid = grid;
        this.columnDensity = columnDensity;
        this.meanCrossSection = meanCrossSection;
        this.gain = gain;
    }

    /** Gauss rule for a piece far from the resonance, where dsig/dEf and the K integrals are smooth. */
    private static final nusi.numerics.GaussLegendre FAR_RULE = new nusi.numerics.GaussLegendre(6);
    /** Far: the resonance (and its width) at least this many piece widths from the piece. */
    private static final double FAR = 10;
    /** Targets this close below the source bin (and the self range) integrated on the graded pieces. */
    private static final int NEAR = 3;
    /**
     * Targets this far below the source bin: their log singularity (Ei = E_{j+1} - E_res) lies 2 x 16 half-widths
     * away or more, where a 4-point rule is good to ~1e-14.
     */
    private static final int DISTANT = 16;
    private static final nusi.numerics.GaussLegendre DISTANT_RULE = new nusi.numerics.GaussLegendre(4);
    /** The 4-point rule also needs the resonance's poles this many piece widths away (else the 6-point rule). */
    private static final double DISTANT_FAR = 40;

    /**
     * The pair integrals: for each source bin i, Ei weighted by the s-channel dsig/dEf (resonant quadrature, or a
     * 6-point rule on pieces 10 widths or more from the resonance) times Ei int K over each target's x range. The
     * K integrals of the targets just below and of the self range hold log(Ei + E_res - Ef) with Ef at the bin's
     * lower edge, singular at Ei = lo - E_res, only E_res below the bin: those are integrated on pieces graded
     * geometrically away from it (lo + E_res (2^k - 1)), the rest on the bin as one piece. Against the bin split
     * into 64 resonant-quadrature pieces: 1e-15 relative to the bin's loss (tested).
     */
    public static ChannelsEnergyOperator build(EnergyGrid grid, ChannelsCrossSection xs, double columnDensity) {
        int n = grid.bins();
        double[] edges = grid.edges();
        // log(x + a) over a bin does not depend on Ei: once per target bin
        double[] y2Log = new double[n];
        for (int j = 0; j < n; j++) {
            y2Log[j] = xs.finalEnergyLog(edges[j], edges[j + 1]);
        }
        nusi.physics.ResonantCrossSection sc = xs.sChannel();
        double eRes = sc.resonanceEnergy();
        double[] sigma = new double[n];
        double[] gain = new double[n * n];
        for (int i = 0; i < n; i++) {
            double lo = edges[i];
            double hi = edges[i + 1];
            int source = i;
            int firstNear = Math.max(0, i - NEAR);
            int firstMiddle = Math.max(0, i - DISTANT);
            // distant: v[j] = Ei int K over bin j < firstMiddle, on a 4-point rule when far from the resonance
            double[] distant = new double[firstMiddle];
            integrate(sc, lo, hi, DISTANT_RULE, (e, v) -> {
                for (int j = 0; j < firstMiddle; j++) {
                    v[j] = e * xs.integralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j]);
                }
            }, distant);
            // bulk: v[0] = Ei int K over [Efmin, Ei] (the loss), v[1 + j - firstMiddle] over the bins in between
            double[] bulk = new double[firstNear - firstMiddle + 1];
            integrate(sc, lo, hi, FAR_RULE, (e, v) -> {
                double efMin = sc.minimumFinalEnergy(e);
                v[0] = e * xs.integralOverFinalEnergies(e, efMin, e, xs.finalEnergyLog(efMin, e));
                for (int j = firstMiddle; j < firstNear; j++) {
                    v[1 + j - firstMiddle] = e * xs.integralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j]);
                }
            }, bulk);
            // near: v[j - firstNear] over bin j for firstNear <= j < i, and over [lo, Ei] (the self gain)
            double[] near = new double[i - firstNear + 1];
            double[] piece = new double[near.length];
            nusi.physics.ScatteringCrossSection.SmoothFactors nearFactors = (e, v) -> {
                for (int j = firstNear; j < source; j++) {
                    v[j - firstNear] = e * xs.integralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j]);
                }
                v[source - firstNear] = e * xs.integralOverFinalEnergies(e, lo, e, xs.finalEnergyLog(lo, e));
            };
            double p0 = lo;
            for (double step = eRes; p0 < hi; step *= 2) {
                double p1 = p0 + step < hi && step < hi - lo ? p0 + step : hi;
                integrate(sc, p0, p1, FAR_RULE, nearFactors, piece);
                for (int q = 0; q < near.length; q++) {
                    near[q] += piece[q];
                }
                p0 = p1;
            }
            double w = hi - lo;
            sigma[i] = bulk[0] / w;
            for (int j = 0; j < firstMiddle; j++) {
                gain[j * n + i] = 2 * distant[j] / w;
            }
            for (int j = firstMiddle; j < firstNear; j++) {
                gain[j * n + i] = 2 * bulk[1 + j - firstMiddle] / w;
            }
            for (int j = firstNear; j <= i; j++) {
                gain[j * n + i] = 2 * near[j - firstNear] / w;
            }
        }
        return new ChannelsEnergyOperator(grid, columnDensity, sigma, gain);
    }

    /** Int_a^b dsig/dEf h_q dEi: {@code rule} far from the resonance, else the resonant quadrature. */
    private static void integrate(nusi.physics.ResonantCrossSection sc, double a, double b,
                                  nusi.numerics.GaussLegendre rule,
                                  nusi.physics.ScatteringCrossSection.SmoothFactors factors, double[] out) {
        if (out.length == 0) {
            return;
        }
        double eRes = sc.resonanceEnergy();
        double distance = eRes < a ? a - eRes : eRes > b ? eRes - b : 0;
        double scale = Math.max(b - a, sc.resonanceHalfWidth());
        if (!(distance > FAR * scale)) {
            sc.integrateDifferential(a, b, factors, out);
            return;
        }
        if (rule == DISTANT_RULE && !(distance > DISTANT_FAR * scale)) {
            rule = FAR_RULE;
        }
        java.util.Arrays.fill(out, 0);
        double[] v = new double[out.length];
        for (int k = 0; k < rule.order(); k++) {
            double e = rule.node(k, a, b);
            double w = rule.weight(k, a, b) * sc.differentialPerFinalEnergy(e);
            factors.evaluate(e, v);
            for (int q = 0; q < v.length; q++) {
                out[q] += w * v[q];
            }
        }
    }

    /**
     * The operator on the grid of {@code factor} consecutive bins merged, exactly: each coefficient is an integral over
     * the source bin (weights w_i / w_I) of the gain into target ranges that add up ([lo_J, hi_J] from its parts;
     * the self range [lo_I, Ei] from the self and lower parts inside I), as {@link EnergyOperator#coarsened}.
     */
    public ChannelsEnergyOperator coarsened(int factor) {
        int n = grid.bins();
        if (factor < 1 || n % factor != 0) {
            throw new IllegalArgumentException("coarsening factor " + factor + " must divide the " + n + " bins");
        }
        int m = n / factor;
        double[] edges = new double[m + 1];
        double[] sig = new double[m];
        double[] g = new double[m * m];
        for (int big = 0; big < m; big++) {
            double lo = grid.lowerEdge(big * factor);
            double hi = grid.upperEdge(big * factor + factor - 1);
            edges[big] = lo;
            edges[big + 1] = hi;
            double w = hi - lo;
            for (int i = big * factor; i < big * factor + factor; i++) {
                double share = grid.width(i) / w;
                sig[big] += share * meanCrossSection[i];
                for (int j = 0; j <= i; j++) {
                    g[(j / factor) * m + big] += share * gain[j * n + i];
                }
            }
        }
        return new ChannelsEnergyOperator(EnergyGrid.ofEdges(edges), columnDensity, sig, g);
    }

    public EnergyGrid grid() {
        return grid;
    }

    public double columnDensity() {
        return columnDensity;
    }

    /** Bin average of the total cross section, MeV^-2. */
    public double meanCrossSection(int bin) {
        return meanCrossSection[bin];
    }

    /** Gain coefficient (MeV^-2) from bin i into bin j <= i, the factor 2 included. */
    public double gain(int target, int source) {
        return target > source ? 0 : gain[target * grid.bins() + source];
    }

    /** As {@link EnergyOperator#requireResolvedSelfScattering}. */
    public void requireResolvedSelfScattering(Parameter resolution) {
        EnergyOperator.requireResolvedSelfScattering(grid, j -> gain(j, j), j -> meanCrossSection[j], resolution);
    }

    /** Counts per bin at r = D: exp(A) of the given counts by CRAM-48. */
    public double[] propagate(double[] initial) {
        return CramIntegrator.order48().propagate(new Backend(this), initial.clone(), new double[]{1},
                Integrator.Listener.NONE).states()[0];
    }

    /** F on this grid: the counts at r = D summed over the bins at or above the threshold. */
    public double fractionAboveThreshold(double[] initial, double threshold) {
        return grid.countAbove(propagate(initial), threshold);
    }

    /**
     * F extrapolated in the bin width as {@link ExactEnergyPropagator#fractionAboveThreshold(double, int, int,
     * nusi.physics.ScatteringCrossSection, nusi.physics.RelicMedium, nusi.physics.PinchedSpectrum, double)}: the
     * finest grid's pair integrals once, the coarser grids' operators their exact sums ({@link #coarsened}).
     */
    public static ExactEnergyPropagator.ExtrapolatedFraction fractionAboveThreshold(
            double maxEnergy, int binsPerDecade, int levels, ChannelsCrossSection xs,
            nusi.physics.RelicMedium medium, nusi.physics.PinchedSpectrum source, double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        ChannelsEnergyOperator fine = build(finest, xs, medium.columnDensity());
        return ExactEnergyPropagator.overLevels(ExactEnergyPropagator.initialCounts(finest, source), binsPerDecade,
                levels, (factor, coarsest, counts) -> {
                    ChannelsEnergyOperator op = factor == 1 ? fine : fine.coarsened(factor);
                    if (coarsest) {
                        op.requireResolvedSelfScattering(Parameter.ENERGY_RESOLUTION);
                    }
                    return op.fractionAboveThreshold(counts, threshold);
                });
    }

    /** The vector operations for CRAM: O(N^2) solves from the highest bin down (A is upper triangular in index). */
    static final class Backend extends HostVectors {
        private final int n;
        private final double[] diagonal;
        /** nD gain, strict part: a[j * n + i], i > j. */
        private final double[] a;

        Backend(ChannelsEnergyOperator op) {
            this.n = op.grid.bins();
            this.diagonal = new double[n];
            this.a = new double[n * n];
            double nd = op.columnDensity;
            for (int i = 0; i < n; i++) {
                diagonal[i] = nd * (op.gain(i, i) - op.meanCrossSection[i]);
                for (int j = 0; j < i; j++) {
                    a[j * n + i] = nd * op.gain(j, i);
                }
            }
        }

        @Override
        public String description() {
            return "energy-only, general gain triangle (Java float64)";
        }

        @Override
        public int length() {
            return n;
        }

        @Override
        public void apply(Vector xv, Vector outv) {
            double[] x = HostVectors.of(xv);
            double[] out = HostVectors.of(outv);
            double[] in = x == out ? x.clone() : x;
            for (int j = 0; j < n; j++) {
                double s = diagonal[j] * in[j];
                for (int i = j + 1; i < n; i++) {
                    s += a[j * n + i] * in[i];
                }
                out[j] = s;
            }
        }

        @Override
        public void shiftedSolve(double c, Vector bv, Vector yv) {
            double[] b = HostVectors.of(bv);
            double[] y = HostVectors.of(yv);
            for (int j = n - 1; j >= 0; j--) {
                double s = 0;
                for (int i = j + 1; i < n; i++) {
                    s += a[j * n + i] * y[i];
                }
                y[j] = (b[j] + c * s) / (1 - c * diagonal[j]);
            }
        }

        @Override
        public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
            // (sigma - A) z = sigma b, sigma = 1/c: real transfers act on both parts.
            double[] sigma = VectorBackend.inverseShift(cRe, cIm);
            double sr = sigma[0];
            double si = sigma[1];
            double[] b = HostVectors.of(bv);
            HostVectors.Complex z = HostVectors.of(zv);
            double[] zr = z.re();
            double[] zi = z.im();
            for (int j = n - 1; j >= 0; j--) {
                double pr = sr * b[j];
                double pi = si * b[j];
                for (int i = j + 1; i < n; i++) {
                    pr += a[j * n + i] * zr[i];
                    pi += a[j * n + i] * zi[i];
                }
                double dr = sr - diagonal[j];
                double q = 1 / (dr * dr + si * si);
                // (pr + i pi) / (dr + i si)
                zr[j] = (pr * dr + pi * si) * q;
                zi[j] = (pi * dr - pr * si) * q;
            }
        }
    }
}
