package nusi.transport;

import java.util.List;
import nusi.grid.EnergyGrid;
import nusi.physics.MassStates;
import nusi.physics.Mediator;
import nusi.physics.PinchedSpectrum;
import nusi.physics.ResonantCrossSection;

/**
 * The energy-only operator of several neutrino mass states ({@link MassStates}: masses m_t, weights w_t = |U_ft|^2)
 * for a mediator coupled to one flavour: supernova state s scatters on relic state t at the rate w_s w_t n_t sig_t
 * (sig_t the cross section on a target of mass m_t, with its own resonance M^2/(2 m_t)), and each of the two
 * products lands in state k with probability w_k. With L = sum_t w_t nD_t sigBar_t, U = sum_t w_t nD_t 2 dsigBar_t/dEf
 * and S = sum_t w_t nD_t selfGain_t per bin (from one {@link EnergyOperator} per target), the operator is
 * <pre>
 *   dN_k(j)/dx = -w_k L(j) N_k(j) + w_k S(j) q(j) + width_j w_k sum_{i > j} U(i) q(i),   q = sum_s w_s N_s
 * </pre>
 * rank one in energy and in the states, so a shifted solve is O(N): per bin, Sherman-Morrison on the 3 x 3 block
 * and one scalar running sum. One state of weight 1 is the energy-only operator of {@link EnergyOnlyBackend}.
 * With the s-, t- and u-channels ({@link #ofChannels}) the strict triangle is general, G = sum_t w_t nD_t gain_t(j, i)
 * in place of width_j U(i): the same per-bin block, the running sum a dot product with the earlier q (O(N^2)).
 * Vector layout: state-major, N counts per state (no tracked quantities).
 */
public final class MassStatesBackend extends HostVectors {
    private final int n;
    private final int states;
    private final double[] w;
    private final double[] loss;
    private final double[] u;
    private final double[] self;
    private final double[] width;
    /** General strict triangle G[j * n + i], i > j (all channels), or null (rank one: width_j U(i)). */
    private final double[] strict;
    private final EnergyGrid grid;

    /** @param perTarget one operator per relic state (its cross section and column density), on one grid */
    public MassStatesBackend(List<EnergyOperator> perTarget, double[] weights) {
        this(requireShared(perTarget.stream().map(EnergyOperator::grid).toList(), weights), weights, false);
        for (int t = 0; t < states; t++) {
            EnergyOperator op = perTarget.get(t);
            double nd = op.columnDensity() * w[t];
            for (int i = 0; i < n; i++) {
                loss[i] += nd * op.meanCrossSection(i);
                u[i] += nd * 2 * op.meanDifferential(i);
                self[i] += nd * op.gain(i, i);
            }
        }
    }

    private MassStatesBackend(EnergyGrid grid, double[] weights, boolean general) {
        this.grid = grid;
        this.n = grid.bins();
        this.states = weights.length;
        this.w = weights.clone();
        this.loss = new double[n];
        this.u = new double[n];
        this.self = new double[n];
        this.width = new double[n];
        this.strict = general ? new double[n * n] : null;
        for (int i = 0; i < n; i++) {
            width[i] = grid.width(i);
        }
    }

    /** Several mass states with the s-, t- and u-channels: one operator per relic state, on one grid. */
    public static MassStatesBackend ofChannels(List<ChannelsEnergyOperator> perTarget, double[] weights) {
        MassStatesBackend b = new MassStatesBackend(requireShared(perTarget.stream()
                .map(ChannelsEnergyOperator::grid).toList(), weights), weights, true);
        int n = b.n;
        for (int t = 0; t < b.states; t++) {
            ChannelsEnergyOperator op = perTarget.get(t);
            double nd = op.columnDensity() * b.w[t];
            for (int i = 0; i < n; i++) {
                b.loss[i] += nd * op.meanCrossSection(i);
                b.self[i] += nd * op.gain(i, i);
                for (int j = 0; j < i; j++) {
                    b.strict[j * n + i] += nd * op.gain(j, i);
                }
            }
        }
        return b;
    }

    private static EnergyGrid requireShared(List<EnergyGrid> grids, double[] weights) {
        if (grids.size() != weights.length || grids.isEmpty()) {
            throw new IllegalArgumentException(grids.size() + " target operators for " + weights.length + " weights");
        }
        for (EnergyGrid g : grids) {
            if (!java.util.Arrays.equals(g.edges(), grids.get(0).edges())) {
                throw new IllegalArgumentException("the target operators must share one energy grid");
            }
        }
        return grids.get(0);
    }

    /** sum_{i > j} G(j, i) q(i) (general triangle; q from bin j + 1 up already set). */
    private double strictSum(int j, double[] q) {
        double t = 0;
        for (int i = j + 1; i < n; i++) {
            t += strict[j * n + i] * q[i];
        }
        return t;
    }

    public EnergyGrid grid() {
        return grid;
    }

    @Override
    public String description() {
        return "energy-only, " + states + " mass states (Java float64)";
    }

    @Override
    public int length() {
        return states * n;
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        double[] x = HostVectors.of(xv);
        double[] out = HostVectors.of(outv);
        double[] in = x == out ? x.clone() : x;
        double sum = 0;
        double[] qs = strict == null ? null : new double[n];
        for (int j = n - 1; j >= 0; j--) {
            double q = 0;
            for (int s = 0; s < states; s++) {
                q += w[s] * in[s * n + j];
            }
            double t = strict == null ? width[j] * sum : strictSum(j, qs);
            for (int k = 0; k < states; k++) {
                out[k * n + j] = -w[k] * loss[j] * in[k * n + j] + w[k] * self[j] * q + w[k] * t;
            }
            if (qs == null) {
                sum += u[j] * q;
            } else {
                qs[j] = q;
            }
        }
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("real shift c must be finite and > 0, got " + c);
        }
        double[] b = HostVectors.of(bv);
        double[] y = HostVectors.of(yv);
        double[] zi = new double[length()];
        solve(1 / c, 0, b, y, zi);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        HostVectors.Complex z = HostVectors.of(zv);
        solve(sigma[0], sigma[1], HostVectors.of(bv), z.re(), z.im());
    }

    /**
     * (sigma - A) z = sigma b, b real, from the highest bin down. Per bin with a_s = sigma + w_s L and r_s the right
     * side: z_s = (r_s + S w_s q)/a_s with q = sum_s w_s z_s = (sum w_s r_s/a_s) / (1 - S sum w_s^2/a_s).
     */
    private void solve(double sr, double si, double[] b, double[] zr, double[] zi) {
        double sumRe = 0;
        double sumIm = 0;
        // the general triangle needs every earlier q; the rank-one one only their running sum
        double[] qsRe = strict == null ? null : new double[n];
        double[] qsIm = strict == null ? null : new double[n];
        double[] ar = new double[states];
        double[] ai = new double[states];
        double[] rr = new double[states];
        double[] ri = new double[states];
        double[] tmp = new double[2];
        double[] tmp2 = new double[2];
        for (int j = n - 1; j >= 0; j--) {
            double tRe = strict == null ? width[j] * sumRe : strictSum(j, qsRe);
            double tIm = strict == null ? width[j] * sumIm : strictSum(j, qsIm);
            double numRe = 0;
            double numIm = 0;
            double denRe = 1;
            double denIm = 0;
            for (int s = 0; s < states; s++) {
                ar[s] = sr + w[s] * loss[j];
                ai[s] = si;
                rr[s] = sr * b[s * n + j] + w[s] * tRe;
                ri[s] = si * b[s * n + j] + w[s] * tIm;
                // w_s r_s / a_s and S w_s^2 / a_s
                div(w[s] * rr[s], w[s] * ri[s], ar[s], ai[s], tmp);
                numRe += tmp[0];
                numIm += tmp[1];
                div(self[j] * w[s] * w[s], 0, ar[s], ai[s], tmp2);
                denRe -= tmp2[0];
                denIm -= tmp2[1];
            }
            div(numRe, numIm, denRe, denIm, tmp);
            double qRe = tmp[0];
            double qIm = tmp[1];
            for (int s = 0; s < states; s++) {
                div(rr[s] + self[j] * w[s] * qRe, ri[s] + self[j] * w[s] * qIm, ar[s], ai[s], tmp);
                zr[s * n + j] = tmp[0];
                zi[s * n + j] = tmp[1];
            }
            if (qsRe == null) {
                sumRe += u[j] * qRe;
                sumIm += u[j] * qIm;
            } else {
                qsRe[j] = qRe;
                qsIm[j] = qIm;
            }
        }
    }

    /** (xr + i xi) / (dr + i di) into out (Smith's scaling, as {@link CpuBackend#divide}). */
    private static void div(double xr, double xi, double dr, double di, double[] out) {
        if (Math.abs(dr) >= Math.abs(di)) {
            double r = di / dr;
            double den = dr + di * r;
            out[0] = (xr + xi * r) / den;
            out[1] = (xi - xr * r) / den;
        } else {
            double r = dr / di;
            double den = dr * r + di;
            out[0] = (xr * r + xi) / den;
            out[1] = (xi * r - xr) / den;
        }
    }

    /** Counts above the threshold, summed over the states. */
    public double countAbove(double[] state, double threshold) {
        double f = 0;
        for (int s = 0; s < states; s++) {
            f += grid.countAbove(java.util.Arrays.copyOfRange(state, s * n, (s + 1) * n), threshold);
        }
        return f;
    }

    /**
     * F extrapolated in the bin width as {@link ExactEnergyPropagator#fractionAboveThreshold(double, int, int,
     * nusi.physics.ScatteringCrossSection, nusi.physics.RelicMedium, PinchedSpectrum, double)}, for several mass
     * states; the emitted spectrum is split over the states by their weights.
     *
     * @param columnDensityPerState n D of each relic state, MeV^2
     */
    public static ExactEnergyPropagator.ExtrapolatedFraction fractionAboveThreshold(double maxEnergy,
            int binsPerDecade, int levels, Mediator mediator, MassStates relics, double columnDensityPerState,
            PinchedSpectrum source, double threshold) {
        return fractionAboveThreshold(maxEnergy, binsPerDecade, levels, mediator, nusi.physics.Channels.S, relics,
                columnDensityPerState, source, threshold);
    }

    /** The same with a choice of channels (s: the rank-one operators; stu: the general triangles). */
    public static ExactEnergyPropagator.ExtrapolatedFraction fractionAboveThreshold(double maxEnergy,
            int binsPerDecade, int levels, Mediator mediator, nusi.physics.Channels channels, MassStates relics,
            double columnDensityPerState, PinchedSpectrum source, double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        Levels atFactor = levels(finest, mediator, channels, relics, columnDensityPerState);
        CramIntegrator cram = CramIntegrator.order48();
        return ExactEnergyPropagator.overLevels(ExactEnergyPropagator.initialCounts(finest, source), binsPerDecade,
                levels, (factor, coarsest, counts) -> {
                    MassStatesBackend b = atFactor.at(factor, coarsest);
                    double[] state = cram.propagate(b, b.splitOverStates(counts), new double[]{1},
                            Integrator.Listener.NONE).states()[0];
                    return b.countAbove(state, threshold);
                });
    }

    /** The backend of a grid coarsened by a factor, its targets' self-scattering checked if asked. */
    public interface Levels {
        MassStatesBackend at(int factor, boolean checkResolved);
    }

    /**
     * The backend on {@code grid} (the finest of a resolution) and on its coarsenings: the pair integrals once, on
     * the finest grid; the coarser operators their exact sums.
     */
    public static Levels levels(EnergyGrid grid, Mediator mediator, nusi.physics.Channels channels, MassStates relics,
                                double columnDensityPerState) {
        nusi.physics.Parameter resolution = nusi.physics.Parameter.ENERGY_RESOLUTION;
        if (channels == nusi.physics.Channels.S) {
            java.util.List<EnergyOperator> fine = new java.util.ArrayList<>();
            for (double m : relics.masses()) {
                fine.add(EnergyOperator.build(grid, new ResonantCrossSection(mediator, m), columnDensityPerState,
                        false));
            }
            return (factor, check) -> new MassStatesBackend(fine.stream().map(op -> {
                EnergyOperator c = factor == 1 ? op : op.coarsened(factor);
                if (check) {
                    c.requireResolvedSelfScattering(resolution);
                }
                return c;
            }).toList(), relics.weights());
        }
        java.util.List<ChannelsEnergyOperator> fine = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            fine.add(ChannelsEnergyOperator.build(grid, new nusi.physics.ChannelsCrossSection(mediator, m, channels),
                    columnDensityPerState));
        }
        return channelLevels(fine, relics);
    }

    /**
     * {@link #fractionAboveThreshold(double, int, int, Mediator, nusi.physics.Channels, MassStates, double,
     * PinchedSpectrum, double)} for every coupling of one mediator mass, all channels: each state's
     * {@link ChannelsEnergyOperator.Tables} on the finest grid once.
     */
    public static java.util.function.DoubleFunction<ExactEnergyPropagator.ExtrapolatedFraction> fractionAtMass(
            double maxEnergy, int binsPerDecade, int levels, double mediatorMass, Mediator.Convention convention,
            nusi.physics.Channels channels, MassStates relics, double columnDensityPerState, PinchedSpectrum source,
            double threshold) {
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        java.util.List<ChannelsEnergyOperator.Tables> tables = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            tables.add(new ChannelsEnergyOperator.Tables(finest, new nusi.physics.ChannelsCrossSection(
                    new Mediator(mediatorMass, 1, convention), m, channels)));
        }
        CramIntegrator cram = CramIntegrator.order48();
        double[] counts0 = ExactEnergyPropagator.initialCounts(finest, source);
        return g -> {
            Mediator mediator = new Mediator(mediatorMass, g, convention);
            java.util.List<ChannelsEnergyOperator> fine = new java.util.ArrayList<>();
            for (int s = 0; s < relics.count(); s++) {
                fine.add(tables.get(s).operator(new nusi.physics.ChannelsCrossSection(mediator, relics.masses()[s],
                        channels), columnDensityPerState));
            }
            Levels atFactor = channelLevels(fine, relics);
            return ExactEnergyPropagator.overLevels(counts0, binsPerDecade, levels, (factor, coarsest, counts) -> {
                MassStatesBackend b = atFactor.at(factor, coarsest);
                double[] state = cram.propagate(b, b.splitOverStates(counts), new double[]{1},
                        Integrator.Listener.NONE).states()[0];
                return b.countAbove(state, threshold);
            });
        };
    }

    private static Levels channelLevels(java.util.List<ChannelsEnergyOperator> fine, MassStates relics) {
        nusi.physics.Parameter resolution = nusi.physics.Parameter.ENERGY_RESOLUTION;
        return (factor, check) -> ofChannels(fine.stream().map(op -> {
            ChannelsEnergyOperator c = factor == 1 ? op : op.coarsened(factor);
            if (check) {
                c.requireResolvedSelfScattering(resolution);
            }
            return c;
        }).toList(), relics.weights());
    }

    /** The emitted counts per bin split over the states by their weights (state-major). */
    public double[] splitOverStates(double[] counts) {
        double[] v = new double[length()];
        for (int s = 0; s < states; s++) {
            for (int j = 0; j < n; j++) {
                v[s * n + j] = w[s] * counts[j];
            }
        }
        return v;
    }
}
