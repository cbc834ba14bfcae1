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
    /** Bin average of the gain into every final energy (on the grid or below it), MeV^-2, the factor 2 included. */
    private final double[] totalGain;

    private ChannelsEnergyOperator(EnergyGrid grid, double columnDensity, double[] meanCrossSection, double[] gain,
                                   double[] totalGain) {
        this.grid = grid;
        this.columnDensity = columnDensity;
        this.meanCrossSection = meanCrossSection;
        this.gain = gain;
        this.totalGain = totalGain;
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
     * 6-point rule on pieces 10 widths or more from the resonance, 4 points for targets 16 bins or more below when
     * the resonance is 40 widths away) times Ei int K over each target's x range. The K integrals of the targets
     * just below and of the self range hold log(Ei + E_res - Ef) with Ef at the bin's lower edge, singular at
     * Ei = lo - E_res, only E_res below the bin: those are integrated on pieces graded geometrically away from it
     * (lo + E_res (2^k - 1)). Against each bin split into 256 resonant-quadrature pieces: 5e-11 relative to the bin's
     * loss (tested).
     */
    public static ChannelsEnergyOperator build(EnergyGrid grid, ChannelsCrossSection xs, double columnDensity) {
        return new Tables(grid, xs, false).operator(xs, columnDensity);
    }

    /**
     * The coupling-independent part of the pair integrals at one mediator mass, relic mass and set of channels: for
     * each source bin whose quadrature is the fixed rules (far from the resonance), the nodes and at each the two
     * parts of {@link ChannelsCrossSection#splitIntegralOverFinalEnergies}; the operator at any coupling is then a
     * weighted sum, dsig/dEf (P/Delta) times the first part plus P times the second, with no logarithm. Bins near
     * the resonance (where the quadrature follows its width, hence the coupling) are integrated afresh. A coupling
     * search at one mass builds these once.
     */
    public static final class Tables {
        private final EnergyGrid grid;
        private final double[] edges;
        private final double[] y2Log;
        private final double mediatorMass;
        private final double neutrinoMass;
        private final nusi.physics.Channels channels;
        private final nusi.physics.Mediator.Convention convention;
        private final ChannelsCrossSection.Cascade cascade;
        /** Per source bin: its recorded nodes, or null (integrated afresh at each coupling). */
        private final BinNodes[] recorded;

        /** Recorded for the mass, relic mass and channels of {@code xs} (its coupling does not enter them). */
        public Tables(EnergyGrid grid, ChannelsCrossSection xs) {
            this(grid, xs, true);
        }

        private Tables(EnergyGrid grid, ChannelsCrossSection xs, boolean record) {
            this.grid = grid;
            this.edges = grid.edges();
            int n = grid.bins();
            this.y2Log = new double[n];
            for (int j = 0; j < n; j++) {
                y2Log[j] = xs.finalEnergyLog(edges[j], edges[j + 1]);
            }
            nusi.physics.Mediator med = xs.sChannel().mediator();
            this.mediatorMass = med.mass();
            this.neutrinoMass = xs.sChannel().neutrinoMass();
            this.channels = xs.channels();
            this.convention = med.convention();
            this.cascade = xs.cascade();
            this.recorded = new BinNodes[n];
            if (record) {
                for (int i = 0; i < n; i++) {
                    BinNodes nodes = new BinNodes();
                    if (sourceBin(i, xs, nodes.recorder(xs.sChannel()))) {
                        recorded[i] = nodes;
                    }
                }
            }
        }

        public EnergyGrid grid() {
            return grid;
        }

        /** The operator at the coupling of {@code xs}, which must share the tables' mass, relic mass and channels. */
        public ChannelsEnergyOperator operator(ChannelsCrossSection xs, double columnDensity) {
            nusi.physics.Mediator med = xs.sChannel().mediator();
            if (med.mass() != mediatorMass || xs.sChannel().neutrinoMass() != neutrinoMass
                    || xs.channels() != channels || med.convention() != convention || xs.cascade() != cascade) {
                throw new IllegalArgumentException("these tables are for M = " + mediatorMass + " MeV, m = "
                        + neutrinoMass + " MeV, channels " + channels + ", cascade " + cascade
                        + ": not for this cross section");
            }
            nusi.physics.ResonantCrossSection sc = xs.sChannel();
            int n = grid.bins();
            double[] sigma = new double[n];
            double[] gain = new double[n * n];
            double[] total = new double[n];
            for (int i = 0; i < n; i++) {
                double[] out = new double[i + 3];
                BinNodes r = recorded[i];
                if (r != null && sc.resonanceHalfWidth() <= r.smallestPiece) {
                    r.replay(sc, out);
                } else {
                    sourceBin(i, xs, fresh(xs, out));
                }
                double w = edges[i + 1] - edges[i];
                sigma[i] = out[0] / w;
                for (int j = 0; j <= i; j++) {
                    gain[j * n + i] = 2 * out[1 + j] / w;
                }
                // Majorana: both final neutrinos of every scattering, twice the loss
                total[i] = xs.gainDiffersFromLoss() ? 2 * out[i + 2] / w : 2 * sigma[i];
            }
            return new ChannelsEnergyOperator(grid, columnDensity, sigma, gain, total);
        }

        /**
         * One source bin's integrals, entry 0 the loss, 1 + j the gain into bin j (j = i: the self range), i + 2 the
         * gain into every final energy where it is not twice the loss (Dirac), through {@code sink}; false where the
         * sink cannot take a piece (a recorder near the resonance).
         */
        private boolean sourceBin(int i, ChannelsCrossSection xs, Sink sink) {
            double lo = edges[i];
            double hi = edges[i + 1];
            nusi.physics.ResonantCrossSection sc = xs.sChannel();
            int firstNear = Math.max(0, i - NEAR);
            int firstMiddle = Math.max(0, i - DISTANT);
            boolean ok = sink.integrate(lo, hi, FAR_RULE, 0, 1, (e, v) -> {
                double efMin = sc.minimumFinalEnergy(e);
                xs.splitLossIntegralOverFinalEnergies(e, efMin, e, xs.finalEnergyLog(efMin, e), v, 0);
            });
            if (xs.gainDiffersFromLoss()) {
                ok &= sink.integrate(lo, hi, FAR_RULE, i + 2, i + 3, (e, v) -> {
                    double efMin = sc.minimumFinalEnergy(e);
                    xs.splitIntegralOverFinalEnergies(e, efMin, e, xs.finalEnergyLog(efMin, e), v, 0);
                });
            }
            ok &= sink.integrate(lo, hi, DISTANT_RULE, 1, 1 + firstMiddle, (e, v) -> {
                for (int j = 0; j < firstMiddle; j++) {
                    xs.splitIntegralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j], v, 2 * j);
                }
            });
            ok &= sink.integrate(lo, hi, FAR_RULE, 1 + firstMiddle, 1 + firstNear, (e, v) -> {
                for (int j = firstMiddle; j < firstNear; j++) {
                    xs.splitIntegralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j], v, 2 * (j - firstMiddle));
                }
            });
            PairFactors near = (e, v) -> {
                for (int j = firstNear; j < i; j++) {
                    xs.splitIntegralOverFinalEnergies(e, edges[j], edges[j + 1], y2Log[j], v, 2 * (j - firstNear));
                }
                xs.splitIntegralOverFinalEnergies(e, lo, e, xs.finalEnergyLog(lo, e), v, 2 * (i - firstNear));
            };
            double p0 = lo;
            for (double step = sc.resonanceEnergy(); p0 < hi && ok; step *= 2) {
                double p1 = p0 + step < hi && step < hi - lo ? p0 + step : hi;
                ok &= sink.integrate(p0, p1, FAR_RULE, 1 + firstNear, 2 + i, near);
                p0 = p1;
            }
            return ok;
        }
    }

    /** The two parts of the K integral for each entry of a range, at Ei: v[2 q], v[2 q + 1]. */
    private interface PairFactors {
        void evaluate(double e, double[] v);
    }

    /** Where a piece's integral over Ei goes: summed at once, or recorded node by node. */
    private interface Sink {
        boolean integrate(double a, double b, nusi.numerics.GaussLegendre rule, int q0, int q1, PairFactors f);
    }

    /** The rule used on [a, b]: null for the resonant quadrature (near the resonance, for this half width). */
    private static nusi.numerics.GaussLegendre ruleFor(nusi.physics.ResonantCrossSection sc, double a, double b,
                                                       nusi.numerics.GaussLegendre rule, double halfWidth) {
        double eRes = sc.resonanceEnergy();
        double distance = eRes < a ? a - eRes : eRes > b ? eRes - b : 0;
        double scale = Math.max(b - a, halfWidth);
        if (!(distance > FAR * scale)) {
            return null;
        }
        return rule == DISTANT_RULE && !(distance > DISTANT_FAR * scale) ? FAR_RULE : rule;
    }

    /** Sums into out[q0, q1): the fixed rule far from the resonance, else the resonant quadrature. */
    private static Sink fresh(ChannelsCrossSection xs, double[] out) {
        nusi.physics.ResonantCrossSection sc = xs.sChannel();
        double p = sc.differentialTimesDenominator();
        return (a, b, rule, q0, q1, f) -> {
            int m = q1 - q0;
            if (m == 0) {
                return true;
            }
            double[] v = new double[2 * m];
            nusi.numerics.GaussLegendre r = ruleFor(sc, a, b, rule, sc.resonanceHalfWidth());
            if (r == null) {
                double[] combined = new double[m];
                sc.integrateDifferential(a, b, (e, c) -> {
                    f.evaluate(e, v);
                    double delta = xs.denominator(e);
                    for (int q = 0; q < m; q++) {
                        c[q] = e * (v[2 * q] + delta * v[2 * q + 1]);
                    }
                }, combined);
                for (int q = 0; q < m; q++) {
                    out[q0 + q] += combined[q];
                }
                return true;
            }
            for (int k = 0; k < r.order(); k++) {
                double e = r.node(k, a, b);
                double w = r.weight(k, a, b) * e;
                double wd = w * sc.differentialPerFinalEnergy(e);
                double wp = w * p;
                f.evaluate(e, v);
                for (int q = 0; q < m; q++) {
                    out[q0 + q] += wd * v[2 * q] + wp * v[2 * q + 1];
                }
            }
            return true;
        };
    }

    /** A source bin's fixed-rule nodes with their entries' two parts (Ei and the rule's weight folded in). */
    private static final class BinNodes {
        private double[] energy = new double[16];
        private double[] weight = new double[16];
        private int[] from = new int[16];
        private int[] to = new int[16];
        private int[] offset = new int[17];
        private double[] values = new double[64];
        private int count;
        private double smallestPiece = Double.POSITIVE_INFINITY;

        /** Records the pieces on which the fixed rules hold for any half width below the smallest piece. */
        Sink recorder(nusi.physics.ResonantCrossSection sc) {
            return (a, b, rule, q0, q1, f) -> {
                int m = q1 - q0;
                if (m == 0) {
                    return true;
                }
                nusi.numerics.GaussLegendre r = ruleFor(sc, a, b, rule, 0);
                if (r == null) {
                    return false;
                }
                smallestPiece = Math.min(smallestPiece, b - a);
                double[] v = new double[2 * m];
                for (int k = 0; k < r.order(); k++) {
                    double e = r.node(k, a, b);
                    f.evaluate(e, v);
                    add(e, r.weight(k, a, b) * e, q0, q1, v);
                }
                return true;
            };
        }

        private void add(double e, double w, int q0, int q1, double[] v) {
            if (count == energy.length) {
                energy = java.util.Arrays.copyOf(energy, 2 * count);
                weight = java.util.Arrays.copyOf(weight, 2 * count);
                from = java.util.Arrays.copyOf(from, 2 * count);
                to = java.util.Arrays.copyOf(to, 2 * count);
                offset = java.util.Arrays.copyOf(offset, 2 * count + 1);
            }
            int start = offset[count];
            if (start + v.length > values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(2 * values.length, start + v.length));
            }
            System.arraycopy(v, 0, values, start, v.length);
            energy[count] = e;
            weight[count] = w;
            from[count] = q0;
            to[count] = q1;
            offset[count + 1] = start + v.length;
            count++;
        }

        /** The sums at the coupling of {@code sc}: dsig/dEf times the first part plus P times the second. */
        void replay(nusi.physics.ResonantCrossSection sc, double[] out) {
            double p = sc.differentialTimesDenominator();
            for (int k = 0; k < count; k++) {
                double wd = weight[k] * sc.differentialPerFinalEnergy(energy[k]);
                double wp = weight[k] * p;
                int at = offset[k];
                for (int q = from[k]; q < to[k]; q++, at += 2) {
                    out[q] += wd * values[at] + wp * values[at + 1];
                }
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
        double[] total = new double[m];
        for (int big = 0; big < m; big++) {
            double lo = grid.lowerEdge(big * factor);
            double hi = grid.upperEdge(big * factor + factor - 1);
            edges[big] = lo;
            edges[big + 1] = hi;
            double w = hi - lo;
            for (int i = big * factor; i < big * factor + factor; i++) {
                double share = grid.width(i) / w;
                sig[big] += share * meanCrossSection[i];
                total[big] += share * totalGain[i];
                for (int j = 0; j <= i; j++) {
                    g[(j / factor) * m + big] += share * gain[j * n + i];
                }
            }
        }
        return new ChannelsEnergyOperator(EnergyGrid.ofEdges(edges), columnDensity, sig, g, total);
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

    /**
     * Bin average of the gain into every final energy, on the grid or below its lowest edge (MeV^-2, the factor 2
     * included): 2 sigmaBar for Majorana (two neutrinos per scattering), for a Dirac cascade its own kernel's.
     */
    public double totalGain(int bin) {
        return totalGain[bin];
    }

    /** Gain coefficient (MeV^-2) from bin i into bin j <= i, the factor 2 included. */
    public double gain(int target, int source) {
        return target > source ? 0 : gain[target * grid.bins() + source];
    }

    /**
     * The energy (per source count, MeV^-1 times nD gives MeV per unit x) that both final neutrinos carry below the
     * grid's lowest edge e0, bin-averaged over each source bin: (2/w_i) Int dEi dsig_s/dEf(Ei) Ei^2 Int_0^{e0/Ei} x K dx,
     * Ei weighted by the s-channel's resonant quadrature. The model injects no energy: the pair shares Ei exactly
     * (x and 1 - x), unlike the s-channel's [Efmin, Ei] (physics.md, pitfall 7). Only the energy-angle solver's
     * bookkeeping needs these (the counts do not).
     */
    public static double[] outflowEnergies(EnergyGrid grid, ChannelsCrossSection xs) {
        int n = grid.bins();
        double e0 = grid.minEnergy();
        double[] out = new double[n];
        double[] integral = new double[1];
        for (int i = 0; i < n; i++) {
            double lo = grid.lowerEdge(i);
            double hi = grid.upperEdge(i);
            xs.sChannel().integrateDifferential(lo, hi,
                    (e, v) -> v[0] = 2 * e * e * xs.firstMomentBelow(e, e0 / e), integral);
            out[i] = integral[0] / (hi - lo);
        }
        return out;
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
     * finest grid's pair integrals once, the coarser grids' operators their exact sums ({@link #coarsened}). One
     * cascade: its F unweighted (a Dirac cascade alone is not the active counts; see {@link #activeFraction}).
     */
    public static ExactEnergyPropagator.ExtrapolatedFraction fractionAboveThreshold(
            double maxEnergy, int binsPerDecade, int levels, ChannelsCrossSection xs,
            nusi.physics.RelicMedium medium, nusi.physics.PinchedSpectrum source, double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        return extrapolated(java.util.List.of(build(finest, xs, medium.columnDensity())), new double[]{1},
                binsPerDecade, levels, source, threshold);
    }

    /**
     * F of the active neutrinos for a mediator (Majorana: one cascade; Dirac: half the sum of its two cascades on
     * every grid, {@link ChannelsCrossSection#cascades}), extrapolated as above.
     */
    public static ExactEnergyPropagator.ExtrapolatedFraction activeFraction(
            double maxEnergy, int binsPerDecade, int levels, nusi.physics.Mediator mediator,
            nusi.physics.Channels channels, nusi.physics.RelicMedium medium, nusi.physics.PinchedSpectrum source,
            double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        java.util.List<ChannelsCrossSection> cascades = ChannelsCrossSection.cascades(mediator, medium.neutrinoMass(),
                channels);
        return extrapolated(cascades.stream().map(xs -> build(finest, xs, medium.columnDensity())).toList(),
                weights(cascades), binsPerDecade, levels, source, threshold);
    }

    /**
     * The active counts per bin at r = D on one grid (Majorana: one cascade; Dirac: the weighted sum of its two,
     * {@link ChannelsCrossSection#cascades}), each cascade's operator checked for its self-scattering.
     */
    public static double[] activeCounts(EnergyGrid grid, nusi.physics.Mediator mediator,
                                        nusi.physics.Channels channels, nusi.physics.RelicMedium medium,
                                        double[] initial, Parameter resolution) {
        double[] out = new double[grid.bins()];
        for (ChannelsCrossSection xs : ChannelsCrossSection.cascades(mediator, medium.neutrinoMass(), channels)) {
            ChannelsEnergyOperator op = build(grid, xs, medium.columnDensity());
            op.requireResolvedSelfScattering(resolution);
            double[] f = op.propagate(initial);
            for (int j = 0; j < out.length; j++) {
                out[j] += xs.weight() * f[j];
            }
        }
        return out;
    }

    /** Each cascade's share of the active counts. */
    public static double[] weights(java.util.List<ChannelsCrossSection> cascades) {
        return cascades.stream().mapToDouble(ChannelsCrossSection::weight).toArray();
    }

    /**
     * F as {@link #activeFraction} for every coupling of one mediator mass (what a coupling search evaluates): the
     * finest grid's {@link Tables} once per cascade, each coupling a weighted sum of them.
     */
    public static java.util.function.DoubleFunction<ExactEnergyPropagator.ExtrapolatedFraction> fractionAtMass(
            double maxEnergy, int binsPerDecade, int levels, double mediatorMass,
            nusi.physics.Mediator.Convention convention, nusi.physics.Channels channels,
            nusi.physics.RelicMedium medium, nusi.physics.PinchedSpectrum source, double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        java.util.function.DoubleFunction<java.util.List<ChannelsCrossSection>> xs = g -> ChannelsCrossSection.cascades(
                new nusi.physics.Mediator(mediatorMass, g, convention), medium.neutrinoMass(), channels);
        java.util.List<ChannelsCrossSection> atOne = xs.apply(1);
        java.util.List<Tables> tables = atOne.stream().map(c -> new Tables(finest, c)).toList();
        double[] w = weights(atOne);
        return g -> {
            java.util.List<ChannelsCrossSection> c = xs.apply(g);
            java.util.List<ChannelsEnergyOperator> ops = new java.util.ArrayList<>();
            for (int k = 0; k < c.size(); k++) {
                ops.add(tables.get(k).operator(c.get(k), medium.columnDensity()));
            }
            return extrapolated(ops, w, binsPerDecade, levels, source, threshold);
        };
    }

    /** On each grid the weighted sum of the cascades' F (linear, so the extrapolation of the sum is the sum's). */
    private static ExactEnergyPropagator.ExtrapolatedFraction extrapolated(java.util.List<ChannelsEnergyOperator> fine,
            double[] weights, int binsPerDecade, int levels, nusi.physics.PinchedSpectrum source, double threshold) {
        return ExactEnergyPropagator.overLevels(ExactEnergyPropagator.initialCounts(fine.get(0).grid(), source),
                binsPerDecade, levels, (factor, coarsest, counts) -> {
                    double f = 0;
                    for (int k = 0; k < fine.size(); k++) {
                        ChannelsEnergyOperator op = factor == 1 ? fine.get(k) : fine.get(k).coarsened(factor);
                        if (coarsest) {
                            op.requireResolvedSelfScattering(Parameter.ENERGY_RESOLUTION);
                        }
                        double fk = op.fractionAboveThreshold(counts, threshold);
                        f += weights[k] * fk;
                    }
                    return f;
                });
    }

    /** The vector operations for CRAM (counts only), and the levels of the moment chains. */
    Backend countsBackend() {
        return new Backend(this);
    }

    /** The vector operations for CRAM: O(N^2) solves from the highest bin down (A is upper triangular in index). */
    static final class Backend extends HostVectors implements CountsOperator {
        private final int n;
        private final double[] diagonal;
        /** nD gain, strict part: a[j * n + i], i > j. */
        private final double[] a;
        private final ChannelsEnergyOperator op;

        Backend(ChannelsEnergyOperator op) {
            this.op = op;
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
        public int bins() {
            return n;
        }

        @Override
        public double scaledGain(int target, int source) {
            return op.columnDensity * op.gain(target, source);
        }

        @Override
        public double entry(int j, int i) {
            return i == j ? diagonal[j] : a[j * n + i];
        }

        @Override
        public void apply(Vector xv, Vector outv) {
            double[] x = HostVectors.of(xv);
            double[] out = HostVectors.of(outv);
            applyCounts(x == out ? x.clone() : x, 0, out, 0);
        }

        @Override
        public void applyCounts(double[] in, int from, double[] out, int to) {
            for (int j = 0; j < n; j++) {
                double s = diagonal[j] * in[from + j];
                for (int i = j + 1; i < n; i++) {
                    s += a[j * n + i] * in[from + i];
                }
                out[to + j] = s;
            }
        }

        @Override
        public void shiftedSolve(double c, Vector bv, Vector yv) {
            solveCounts(c, HostVectors.of(bv), 0, HostVectors.of(yv), 0);
        }

        @Override
        public void solveCounts(double c, double[] b, int from, double[] y, int to) {
            for (int j = n - 1; j >= 0; j--) {
                double s = 0;
                for (int i = j + 1; i < n; i++) {
                    s += a[j * n + i] * y[to + i];
                }
                y[to + j] = (b[from + j] + c * s) / (1 - c * diagonal[j]);
            }
        }

        @Override
        public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
            double[] sigma = VectorBackend.inverseShift(cRe, cIm);
            HostVectors.Complex z = HostVectors.of(zv);
            solveCountsComplex(sigma[0], sigma[1], HostVectors.of(bv), 0, null, null, z.re(), z.im(), 0);
        }

        @Override
        public void solveCountsComplex(double sr, double si, double[] b, int from, double[] extraRe,
                                       double[] extraIm, double[] zr, double[] zi, int to) {
            // (sigma - A) z = sigma b + extra, sigma = 1/c: real transfers act on both parts.
            for (int j = n - 1; j >= 0; j--) {
                double pr = sr * b[from + j];
                double pi = si * b[from + j];
                if (extraRe != null) {
                    pr += extraRe[j];
                    pi += extraIm[j];
                }
                for (int i = j + 1; i < n; i++) {
                    pr += a[j * n + i] * zr[to + i];
                    pi += a[j * n + i] * zi[to + i];
                }
                double dr = sr - diagonal[j];
                double q = 1 / (dr * dr + si * si);
                // (pr + i pi) / (dr + i si)
                zr[to + j] = (pr * dr + pi * si) * q;
                zi[to + j] = (pi * dr - pr * si) * q;
            }
        }
    }
}
