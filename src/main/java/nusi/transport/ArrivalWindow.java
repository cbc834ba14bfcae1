package nusi.transport;

import java.util.ArrayList;
import java.util.List;
import nusi.grid.EnergyGrid;
import nusi.numerics.GaussLegendre;
import nusi.physics.ScatteringCrossSection;

/**
 * The fraction of emitted neutrinos that arrive above threshold within a window w of the unscattered front, bracketed
 * exactly from the energy-only operator, with no angle or delay grid (physics.md, "Beyond the paper"; small angles).
 *
 * <p>Every detected neutrino that scattered has one last scattering, at x, from bin i into bin j, after which it
 * survives unscattered: F = U0 + int_0^1 dx sum_j e^{-L_j (1 - x)} sum_i nD G_ji N_i(x) (Duhamel; U0 the unscattered,
 * L_j = nD sigma_j). Its delay is at least the projected delay left after that scattering, T g(x) theta_f^2 / 2 with
 * g = 1 - x (slab) or x (1 - x) (point source, in units of the deflection: beta = x theta~ for one scattering), where
 * theta_f is the angle after it. So it can arrive within w only if theta_f < eps(x) = sqrt(2 w / (T g(x))):
 * <ul>
 *   <li>planar addition: theta_f >= theta~ of the last scattering, so counting the last scatterings with theta~ < eps
 *       gives an upper bound ({@code upperBoundPlanar});</li>
 *   <li>3D (random azimuth): theta_f is theta_in + theta~ as 2-vectors; the arc of azimuths that lands within eps of 0
 *       is at most a fraction arcsin(eps/theta~)/pi of the circle whatever theta_in (its chord is at most 2 eps), which
 *       is <= eps/(2 theta~), and <= eps/(3 theta~) beyond 2 eps (arcsin z <= (pi/3) z for z <= 1/2): weight 1 below
 *       eps, eps/(2 theta~) up to 2 eps, eps/(3 theta~) beyond gives an upper bound ({@code upperBound3d};
 *       theta~ >= sqrt(2 (1 - cos)));</li>
 *   <li>neutrinos scattered exactly once arrive with exactly that delay in every picture: U0 plus those with
 *       theta~ < eps (N_i(x) replaced by the unscattered e^{-L_i x} N0_i) is a lower bound ({@code lowerBound}).</li>
 * </ul>
 * The pair integrals take Ei as the operator does (weighted by dsig/dEf inside bin i, Ef uniform over bin j) and
 * split where theta~(Ei, Ef) = eps crosses an edge; 1 - cos theta~ = m (1/Ef - 1/Ei). The x integral uses Gauss
 * pieces graded geometrically toward both ends (the survival and the unscattered decay on scales 1/L); the Duhamel
 * identity evaluated on the same nodes is the quadrature's defect, reported with the result.
 */
public final class ArrivalWindow {
    private static final GaussLegendre X_RULE = new GaussLegendre(8);
    private static final double X_RATIO = 0.25;
    private static final int X_PIECES = 30;   // 0.5 * 4^-29 ~ 2e-18: below the resolution of x near 0 and 1

    /** The x nodes (fixed: they depend on nothing but the rule) and their distinct values with x = 1 last. */
    private static final double[][] NODES = xNodes();
    private static final double[] DISTINCT_X = java.util.stream.DoubleStream.concat(
            java.util.Arrays.stream(NODES[0]), java.util.stream.DoubleStream.of(1.0)).distinct().toArray();

    private ArrivalWindow() {
    }

    /** Where the neutrinos come from, which sets how much delay one deflection at x costs. */
    public enum Geometry {
        /** A plane-parallel slab (the paper's picture): the delay of a deflection theta at x is T (1 - x) theta^2/2. */
        SLAB,
        /** A point source: the arrival angle beta = x theta~, the delay T x (1 - x) theta~^2 / 2. */
        POINT;

        /** g(x) in delay = T g(x) theta^2 / 2, given x and y = 1 - x (each accurate on its own near 0). */
        public double lever(double x, double y) {
            return this == SLAB ? y : x * y;
        }
    }

    /** The four pictures of physics.md: {planar, 3D} deflection x {slab, point source} geometry. */
    public enum Picture {
        PLANAR_SLAB(Geometry.SLAB, false), THREE_D_SLAB(Geometry.SLAB, true), PLANAR_POINT(Geometry.POINT, false),
        THREE_D_POINT(Geometry.POINT, true);

        private final Geometry geometry;
        private final boolean threeD;

        Picture(Geometry geometry, boolean threeD) {
            this.geometry = geometry;
            this.threeD = threeD;
        }

        public Geometry geometry() {
            return geometry;
        }

        /** 3D deflection (random azimuth) rather than planar addition. */
        public boolean threeD() {
            return threeD;
        }

        /** For legends: "3D point source", "planar slab". */
        public String label() {
            return (threeD ? "3D " : "planar ") + (geometry == Geometry.SLAB ? "slab" : "point source");
        }
    }

    /**
     * The bracket for one window and geometry, as fractions of one emitted neutrino above the threshold.
     *
     * @param lowerBound       unscattered plus once-scattered within the window (every picture)
     * @param upperBoundPlanar an upper bound with planar deflection
     * @param upperBound3d     an upper bound with 3D deflection (random azimuth)
     */
    public record Bracket(Geometry geometry, double windowSeconds, double lowerBound, double upperBoundPlanar,
                          double upperBound3d, double[] lowerBoundPerBin, double[] upperBoundPlanarPerBin,
                          double[] upperBound3dPerBin) {
        /** The upper bound of the given deflection picture. */
        public double upperBound(boolean threeD) {
            return threeD ? upperBound3d : upperBoundPlanar;
        }
    }

    /**
     * @param fractionAboveThreshold F, all neutrinos above threshold whatever their delay
     * @param unscattered            U0, those that never scattered (delay zero)
     * @param quadratureDefect       |U0 + int (all last scatterings) - F| / F on the nodes used
     * @param countsPerBin           the neutrinos per bin of the operator's grid at r = D (their sum is F)
     */
    public record Result(double fractionAboveThreshold, double unscattered, double quadratureDefect,
                         List<Bracket> brackets, EnergyGrid grid, double[] countsPerBin) {
        public Bracket bracket(Geometry geometry, double windowSeconds) {
            for (Bracket b : brackets) {
                if (b.geometry() == geometry && b.windowSeconds() == windowSeconds) {
                    return b;
                }
            }
            throw new IllegalArgumentException("no bracket for " + geometry + " and a window of " + windowSeconds
                    + " s");
        }
    }

    /**
     * @param op             the energy-only operator on the bins above the threshold (only they feed them)
     * @param initial        emitted counts per bin of op's grid
     * @param neutrinoMass   relic mass m (MeV), which sets theta~
     * @param crossingTime   T = D/c, seconds
     * @param windows        windows w in seconds, each > 0
     */
    public static Result compute(EnergyOperator op, double[] initial, ScatteringCrossSection xs, double neutrinoMass,
                                 double crossingTime, double[] windows) {
        return compute(op, initial, xs, neutrinoMass, crossingTime, windows, Geometry.values());
    }

    /** As {@link #compute(EnergyOperator, double[], ScatteringCrossSection, double, double, double[])} for the given
     * geometries only (the cost is per geometry and window). */
    public static Result compute(EnergyOperator op, double[] initial, ScatteringCrossSection xs, double neutrinoMass,
                                 double crossingTime, double[] windows, Geometry... geometries) {
        EnergyGrid grid = op.grid();
        int n = grid.bins();
        if (initial.length != n) {
            throw new IllegalArgumentException("initial counts: " + initial.length + " for " + n + " bins");
        }
        for (double w : windows) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("window (s) must be > 0 and finite, got " + w);
            }
        }
        double nd = op.columnDensity();
        double[] loss = new double[n];
        for (int j = 0; j < n; j++) {
            loss[j] = nd * op.meanCrossSection(j);
        }
        double[][] nodes = NODES;
        double[] xs0 = nodes[0];
        // N(x) at the nodes and at x = 1 in one propagation; near x = 1 several nodes round to one double, and N
        // varies there only on the scales of the bins that keep neutrinos (their survival, which needs y = 1 - x, is
        // evaluated from y).
        double[] distinct = DISTINCT_X;
        double[][] distinctStates = CramIntegrator.order48().propagate(EnergyOnlyBackend.countsOnly(op),
                initial.clone(), distinct, Integrator.Listener.NONE).states();
        double[][] states = new double[xs0.length][];
        for (int q = 0, d = 0; q < xs0.length; q++) {
            while (distinct[d] != xs0[q]) {
                d++;
            }
            states[q] = distinctStates[d];
        }
        double[] fin = distinctStates[distinct.length - 1];
        double f = 0;
        double u0 = 0;
        for (int j = 0; j < n; j++) {
            f += fin[j];
            u0 += initial[j] * Math.exp(-loss[j]);
        }
        PairWeights pw = new PairWeights(op, xs, neutrinoMass);
        int cases = geometries.length * windows.length;
        double[][] lower = new double[cases][n];
        double[][] upperP = new double[cases][n];
        double[][] upper3 = new double[cases][n];
        double[] u0PerBin = new double[n];
        for (int j = 0; j < n; j++) {
            u0PerBin[j] = initial[j] * Math.exp(-loss[j]);
        }
        double all = 0;
        double[] surv = new double[n];
        double[] unsc = new double[n];
        double[] w = new double[3];
        for (int q = 0; q < xs0.length; q++) {
            double x = xs0[q];
            double y = nodes[1][q];
            double wx = nodes[2][q];
            double[] state = states[q];
            for (int j = 0; j < n; j++) {
                surv[j] = Math.exp(-loss[j] * y);
                unsc[j] = initial[j] * Math.exp(-loss[j] * x);
            }
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = j; i < n; i++) {
                    s += op.gain(j, i) * state[i];
                }
                all += wx * surv[j] * nd * s;
            }
            for (int g = 0; g < geometries.length; g++) {
                double lever = geometries[g].lever(x, y);
                for (int k = 0; k < windows.length; k++) {
                    double eps = Math.sqrt(2 * windows[k] / (crossingTime * lever));
                    // 1 - cos theta~ < kStar  <=>  theta~ < eps
                    double kStar = eps >= Math.PI ? Double.POSITIVE_INFINITY : 2 * Math.pow(Math.sin(0.5 * eps), 2);
                    // and theta~ > 2 eps  <=>  1 - cos theta~ > kTwice: there the 3D weight is eps/(3 theta~)
                    double kTwice = 2 * eps >= Math.PI ? Double.POSITIVE_INFINITY : 2 * Math.pow(Math.sin(eps), 2);
                    int c = g * windows.length + k;
                    double scale = wx * nd;
                    for (int j = 0; j < n; j++) {
                        double sl = 0;
                        double sp = 0;
                        double s3 = 0;
                        for (int i = j; i < n; i++) {
                            pw.weights(j, i, kStar, kTwice, eps, w);
                            sl += w[0] * unsc[i];
                            sp += w[0] * state[i];
                            s3 += (w[0] + w[1]) * state[i];
                        }
                        lower[c][j] += scale * surv[j] * sl;
                        upperP[c][j] += scale * surv[j] * sp;
                        upper3[c][j] += scale * surv[j] * s3;
                    }
                }
            }
        }
        List<Bracket> brackets = new ArrayList<>();
        for (int g = 0; g < geometries.length; g++) {
            for (int k = 0; k < windows.length; k++) {
                int c = g * windows.length + k;
                // Per bin and in total: a bound never exceeds F (the quadrature's defect is reported, not hidden).
                double[] lo = new double[n];
                double[] up = new double[n];
                double[] u3 = new double[n];
                double sl = 0;
                double sp = 0;
                double s3 = 0;
                for (int j = 0; j < n; j++) {
                    lo[j] = u0PerBin[j] + lower[c][j];
                    up[j] = Math.min(fin[j], u0PerBin[j] + upperP[c][j]);
                    u3[j] = Math.min(fin[j], u0PerBin[j] + upper3[c][j]);
                    sl += lo[j];
                    sp += up[j];
                    s3 += u3[j];
                }
                brackets.add(new Bracket(geometries[g], windows[k], sl, Math.min(f, sp), Math.min(f, s3), lo, up,
                        u3));
            }
        }
        return new Result(f, u0, f > 0 ? Math.abs(u0 + all - f) / f : 0, List.copyOf(brackets), grid,
                java.util.Arrays.copyOf(fin, n));
    }

    /** Gauss nodes x, their 1 - x (exact near 1) and weights on [0, 1], graded toward 0 and 1, ascending in x. */
    static double[][] xNodes() {
        List<double[]> pieces = new ArrayList<>();
        double a = 0.5;
        double[] left = new double[X_PIECES + 1];
        left[0] = 0.5;
        for (int p = 1; p < X_PIECES; p++) {
            a *= X_RATIO;
            left[p] = a;
        }
        left[X_PIECES] = 0;
        // [0, 1/2]: pieces [left[p+1], left[p]]; [1/2, 1]: the mirror image.
        for (int p = X_PIECES - 1; p >= 0; p--) {
            pieces.add(new double[]{left[p + 1], left[p]});
        }
        for (int p = 0; p < X_PIECES; p++) {
            pieces.add(new double[]{left[p + 1], left[p]});
        }
        int m = X_RULE.order();
        int half = pieces.size() / 2;
        double[] x = new double[pieces.size() * m];
        double[] y = new double[x.length];
        double[] wt = new double[x.length];
        int c = 0;
        for (int p = 0; p < pieces.size(); p++) {
            // The right half is built in y = 1 - x, mirrored from the left one, so that y keeps its digits near 1.
            double[] piece = p < half ? pieces.get(p) : pieces.get(pieces.size() - 1 - p);
            for (int k = 0; k < m; k++) {
                double t = X_RULE.node(k, piece[0], piece[1]);
                x[c] = p < half ? t : 1 - t;
                y[c] = p < half ? 1 - t : t;
                wt[c] = X_RULE.weight(k, piece[0], piece[1]);
                c++;
            }
        }
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> p.equals(q) ? 0 : x[p] != x[q] ? Double.compare(x[p], x[q])
                : Double.compare(y[q], y[p]));
        double[][] out = new double[3][x.length];
        for (int i = 0; i < order.length; i++) {
            out[0][i] = x[order[i]];
            out[1][i] = y[order[i]];
            out[2][i] = wt[order[i]];
        }
        return out;
    }

    /**
     * Per pair (bin i into bin j <= i) and angle eps: w[0] = the gain (MeV^-2, factor 2 included, as
     * {@link EnergyOperator#gain}) of the scatterings with theta~ < eps, w[1] = the 3D tail: the gain of the others
     * weighted by eps / (2 sqrt(2 (1 - cos theta~))).
     */
    static final class PairWeights {
        private final EnergyOperator op;
        private final EnergyGrid grid;
        private final ScatteringCrossSection xs;
        private final double m;
        private final int n;
        /** Tail coefficient per unit eps (at eps/(2 theta~)) of a pair, for pairs deflecting by more than 2 eps. */
        private final double[] farTail;
        private final double[] kMin;
        private final double[] kMax;
        private final double[] gain;

        PairWeights(EnergyOperator op, ScatteringCrossSection xs, double neutrinoMass) {
            this.op = op;
            this.grid = op.grid();
            this.xs = xs;
            this.m = neutrinoMass;
            this.n = grid.bins();
            this.farTail = new double[n * n];
            java.util.Arrays.fill(farTail, Double.NaN);
            this.kMin = new double[n * n];
            this.kMax = new double[n * n];
            this.gain = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    // the range of 1 - cos theta~ = m (1/Ef - 1/Ei) over the pair
                    kMax[j * n + i] = m * (1 / grid.lowerEdge(j) - 1 / grid.upperEdge(i));
                    kMin[j * n + i] = j >= i - 1 ? 0 : m * (1 / grid.upperEdge(j) - 1 / grid.lowerEdge(i));
                    gain[j * n + i] = op.gain(j, i);
                }
            }
        }

        /**
         * With kStar = 1 - cos eps, the angle below which a scattering counts as within the window, and kTwice =
         * 1 - cos 2 eps.
         */
        void weights(int j, int i, double kStar, double kTwice, double eps, double[] w) {
            int p = j * n + i;
            if (kStar >= kMax[p]) {
                w[0] = gain[p];
                w[1] = 0;
                return;
            }
            if (kStar <= kMin[p]) {
                // every scattering of the pair deflects by more than eps: the cached eps/(2 theta~) integral, and a
                // factor 2/3 on it (eps/(3 theta~)) where all deflect by more than 2 eps
                if (Double.isNaN(farTail[p])) {
                    farTail[p] = integrate(j, i, 0, Double.POSITIVE_INFINITY, 1)[1];
                }
                w[0] = 0;
                w[1] = (kTwice <= kMin[p] ? 2.0 / 3 : 1) * eps * farTail[p];
                return;
            }
            double[] r = integrate(j, i, kStar, kTwice, eps);
            w[0] = r[0];
            w[1] = r[1];
        }

        /**
         * (2 / w_i) int_{bin i} dEi dsig/dEf [measure of Ef in bin j with 1 - cos < kStar; tail: eps/2 times
         * int dEf / sqrt(2 (1 - cos)) where kStar <= 1 - cos < kTwice, eps/3 times it beyond]. With kStar = 0,
         * kTwice infinite and eps = 1, the far-pair tail per unit eps at eps/2.
         */
        private double[] integrate(int j, int i, double kStar, double kTwice, double eps) {
            double loJ = grid.lowerEdge(j);
            double hiJ = grid.upperEdge(j);
            double loI = grid.lowerEdge(i);
            double hiI = grid.upperEdge(i);
            boolean self = j == i;
            // Ef*(Ei) = Ei / (1 + Ei kStar / m) rises with Ei; where it crosses loJ and hiJ the integrand has kinks.
            List<Double> cuts = new ArrayList<>();
            cuts.add(loI);
            for (double k : new double[]{kStar, kTwice}) {
                if (!(k > 0) || Double.isInfinite(k)) {
                    continue;
                }
                for (double c : new double[]{loJ, hiJ}) {
                    double inv = 1 / c - k / m;
                    if (inv > 0) {
                        double e = 1 / inv;
                        if (e > loI && e < hiI) {
                            cuts.add(e);
                        }
                    }
                }
            }
            cuts.add(hiI);
            java.util.Collections.sort(cuts);
            // The far-pair tail (kStar = 0) of pairs that touch Ei = loI (self and next bin down) behaves as
            // sqrt(Ei - loI): graded pieces. With kStar > 0 that end has no tail (theta~ < eps there).
            List<Double> all = new ArrayList<>(cuts);
            if (j >= i - 1 && kStar == 0) {
                double first = cuts.get(1);
                double span = first - loI;
                for (int k = 1; k <= PhaseSpaceOperator.GRADED_PIECES; k++) {
                    all.add(loI + span * Math.pow(PhaseSpaceOperator.GRADING_RATIO, k));
                }
                java.util.Collections.sort(all);
            }
            double[] sum = new double[2];
            double[] part = new double[2];
            ScatteringCrossSection.SmoothFactors factors = (ei, v) -> {
                double top = self ? ei : hiJ;
                double efStar = kStar > 0 ? ei / (1 + ei * kStar / m) : top;
                double split = Math.min(top, Math.max(loJ, efStar));
                v[0] = top - split;
                // Ef below Ef2 deflects by more than 2 eps (weight eps/3 theta~), between Ef2 and split by more than
                // eps (eps/2 theta~); int dEf / sqrt(2 m (1/Ef - 1/Ei)) = Ei sqrt(Ei / 2m) [Q(t(lower)) - Q(t(upper))]
                double ef2 = Double.isInfinite(kTwice) ? loJ : ei / (1 + ei * kTwice / m);
                double mid = Math.min(split, Math.max(loJ, ef2));
                double scale = eps * ei * Math.sqrt(ei / (2 * m));
                double qLo = q((ei - loJ) / ei);
                double qMid = q((ei - mid) / ei);
                double qSplit = q((ei - split) / ei);
                v[1] = scale * ((qLo - qMid) / 3 + 0.5 * (qMid - qSplit));
            };
            for (int k = 0; k + 1 < all.size(); k++) {
                double a = all.get(k);
                double b = all.get(k + 1);
                if (b > a) {
                    xs.integrateDifferential(a, b, factors, part);
                    sum[0] += part[0];
                    sum[1] += part[1];
                }
            }
            double width = hiI - loI;
            return new double[]{2 * sum[0] / width, 2 * sum[1] / width};
        }

        /** Q(t) = asin(sqrt t) + sqrt(t (1 - t)): int_s^1 sqrt(s'/(1 - s')) ds' with t = 1 - s, no cancellation. */
        private static double q(double t) {
            double c = Math.max(0, Math.min(1, t));
            return Math.asin(Math.sqrt(c)) + Math.sqrt(c * (1 - c));
        }
    }
}
