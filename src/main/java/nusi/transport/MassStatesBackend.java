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
    private final EnergyGrid grid;

    /** @param perTarget one operator per relic state (its cross section and column density), on one grid */
    public MassStatesBackend(List<EnergyOperator> perTarget, double[] weights) {
        if (perTarget.size() != weights.length || perTarget.isEmpty()) {
            throw new IllegalArgumentException(perTarget.size() + " target operators for " + weights.length
                    + " weights");
        }
        this.grid = perTarget.get(0).grid();
        this.n = grid.bins();
        this.states = weights.length;
        this.w = weights.clone();
        this.loss = new double[n];
        this.u = new double[n];
        this.self = new double[n];
        this.width = new double[n];
        for (int t = 0; t < states; t++) {
            EnergyOperator op = perTarget.get(t);
            if (!java.util.Arrays.equals(op.grid().edges(), grid.edges())) {
                throw new IllegalArgumentException("the target operators must share one energy grid");
            }
            double nd = op.columnDensity() * w[t];
            for (int i = 0; i < n; i++) {
                loss[i] += nd * op.meanCrossSection(i);
                u[i] += nd * 2 * op.meanDifferential(i);
                self[i] += nd * op.gain(i, i);
            }
        }
        for (int i = 0; i < n; i++) {
            width[i] = grid.width(i);
        }
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
        for (int j = n - 1; j >= 0; j--) {
            double q = 0;
            for (int s = 0; s < states; s++) {
                q += w[s] * in[s * n + j];
            }
            for (int k = 0; k < states; k++) {
                out[k * n + j] = -w[k] * loss[j] * in[k * n + j] + w[k] * self[j] * q + width[j] * w[k] * sum;
            }
            sum += u[j] * q;
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
        double tRe = 0;
        double tIm = 0;
        double[] ar = new double[states];
        double[] ai = new double[states];
        double[] rr = new double[states];
        double[] ri = new double[states];
        double[] tmp = new double[2];
        double[] tmp2 = new double[2];
        for (int j = n - 1; j >= 0; j--) {
            double numRe = 0;
            double numIm = 0;
            double denRe = 1;
            double denIm = 0;
            for (int s = 0; s < states; s++) {
                ar[s] = sr + w[s] * loss[j];
                ai[s] = si;
                rr[s] = sr * b[s * n + j] + width[j] * w[s] * tRe;
                ri[s] = si * b[s * n + j] + width[j] * w[s] * tIm;
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
            tRe += u[j] * qRe;
            tIm += u[j] * qIm;
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
        EnergyGrid finest = ExactEnergyPropagator.finestGrid(maxEnergy, binsPerDecade, levels, threshold);
        java.util.List<EnergyOperator> fine = new java.util.ArrayList<>();
        for (double m : relics.masses()) {
            fine.add(EnergyOperator.build(finest, new ResonantCrossSection(mediator, m), columnDensityPerState,
                    false));
        }
        CramIntegrator cram = CramIntegrator.order48();
        return ExactEnergyPropagator.overLevels(ExactEnergyPropagator.initialCounts(finest, source), binsPerDecade,
                levels, (factor, coarsest, counts) -> {
                    java.util.List<EnergyOperator> ops = new java.util.ArrayList<>();
                    for (EnergyOperator op : fine) {
                        EnergyOperator c = factor == 1 ? op : op.coarsened(factor);
                        if (coarsest) {
                            c.requireResolvedSelfScattering(nusi.physics.Parameter.ENERGY_RESOLUTION);
                        }
                        ops.add(c);
                    }
                    MassStatesBackend b = new MassStatesBackend(ops, relics.weights());
                    int nb = b.grid().bins();
                    double[] v = new double[b.length()];
                    for (int s = 0; s < relics.count(); s++) {
                        for (int j = 0; j < nb; j++) {
                            v[s * nb + j] = relics.weights()[s] * counts[j];
                        }
                    }
                    double[] state = cram.propagate(b, v, new double[]{1}, Integrator.Listener.NONE).states()[0];
                    return b.countAbove(state, threshold);
                });
    }
}
