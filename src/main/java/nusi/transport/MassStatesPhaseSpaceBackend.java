package nusi.transport;

/**
 * Eq. 8 on the (E, theta) grid for several neutrino mass states (the energy-angle twin of {@link MassStatesBackend}):
 * supernova state k (weight w_k) scatters on the relic states at w_k times the targets' summed rates, and each product
 * lands in state k with probability w_k. With Lambda the summed loss per cell (l_j sec_a) and G the summed gains
 * ({@link PhaseSpaceOperator#weightedSum}: the angle transfers with the gain-weighted mean deflection),
 * <pre>
 *   df_k/dx = -w_k Lambda f_k + w_k G u,   u = sum_i w_i f_i.
 * </pre>
 * A shifted solve (sigma - A) z = sigma b reduces exactly to one sweep of the summed operator: z_k = (sigma b_k
 * + w_k G u)/(sigma + w_k Lambda), so u solves (Delta - G) u = Delta c, per cell Delta = 1/D, D = sum_k w_k^2/(sigma
 * + w_k Lambda) and c = sum_k w_k sigma b_k/(sigma + w_k Lambda): the planar sweep with a complex diagonal per cell
 * ({@link CpuBackend#sweepWithDiagonal}), after which G u = Delta u - Delta c needs no second pass.
 * On any backend whose sweep takes the diagonal ({@link DiagonalSweepBackend}: cpu, OpenCL, TornadoVM). Vector layout: the N K cells of each state in
 * turn, then the three tracked quantities of the sum.
 */
public final class MassStatesPhaseSpaceBackend extends HostVectors implements TransportBackend {
    private final PhaseSpaceOperator combined;
    private final DiagonalSweepBackend sweep;
    private final double[] w;
    private final int cells;
    private final double[] lambda;

    /**
     * @param combined the targets' summed operator ({@link PhaseSpaceOperator#weightedSum})
     * @param weights  the supernova states' weights w_k (those of the targets' sum)
     */
    public MassStatesPhaseSpaceBackend(PhaseSpaceOperator combined, double[] weights, int threads) {
        this(combined, weights, new CpuBackend(combined, threads));
    }

    /** On a backend of the summed operator whose sweep takes a diagonal per cell (cpu, OpenCL); closed with this. */
    public MassStatesPhaseSpaceBackend(PhaseSpaceOperator combined, double[] weights, DiagonalSweepBackend sweep) {
        // the summed bins must resolve their self-scattering, as in the one-species solver
        EnergyOperator.requireResolvedSelfScattering(combined.energyGrid(), j -> combined.gainRate(j, j),
                combined::lossRate, nusi.physics.Parameter.ENERGY_BINS);
        this.combined = combined;
        this.sweep = sweep;
        this.w = weights.clone();
        int n = combined.energyBins();
        int k = combined.angleCells();
        this.cells = n * k;
        this.lambda = new double[cells];
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < k; a++) {
                lambda[j * k + a] = combined.lossRate(j) * combined.secant(a);
            }
        }
    }

    /** The operator of the states summed (what the tracked quantities and the grids belong to). */
    @Override
    public PhaseSpaceOperator operator() {
        return combined;
    }

    public int states() {
        return w.length;
    }

    @Override
    public int length() {
        return w.length * cells + PhaseSpaceOperator.TRACKED_QUANTITIES;
    }

    @Override
    public String description() {
        return sweep.description() + ", " + w.length + " mass states";
    }

    /** u = sum_k w_k f_k as a vector of the summed operator (tracked quantities zero). */
    private double[] weightedSum(double[] f) {
        double[] u = new double[combined.stateLength()];
        for (int s = 0; s < w.length; s++) {
            for (int p = 0; p < cells; p++) {
                u[p] += w[s] * f[s * cells + p];
            }
        }
        return u;
    }

    @Override
    public void apply(Vector xv, Vector outv) {
        apply(HostVectors.of(xv), HostVectors.of(outv));
    }

    @Override
    public void apply(double[] f, double[] out) {
        double[] u = weightedSum(f);
        double[] rate = new double[u.length];
        sweep.apply(u, rate);
        for (int s = 0; s < w.length; s++) {
            for (int p = 0; p < cells; p++) {
                // G u = rate + Lambda u
                out[s * cells + p] = -w[s] * lambda[p] * f[s * cells + p] + w[s] * (rate[p] + lambda[p] * u[p]);
            }
        }
        for (int q = 0; q < PhaseSpaceOperator.TRACKED_QUANTITIES; q++) {
            out[w.length * cells + q] = rate[cells + q];
        }
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        double[] y = HostVectors.of(yv);
        double[] im = new double[y.length];
        solve(1 / c, 0, c, 0, HostVectors.of(bv), y, im);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        HostVectors.Complex z = HostVectors.of(zv);
        solve(sigma[0], sigma[1], cRe, cIm, HostVectors.of(bv), z.re(), z.im());
    }

    /** (sigma - A) z = sigma b, b real, by the reduction of the class comment. */
    private void solve(double sr, double si, double cRe, double cIm, double[] b, double[] zr, double[] zi) {
        double[] deltaRe = new double[cells];
        double[] deltaIm = new double[cells];
        double[] rRe = new double[cells];
        double[] rIm = new double[cells];
        for (int p = 0; p < cells; p++) {
            double dRe = 0;
            double dIm = 0;
            double cr = 0;
            double ci = 0;
            for (int s = 0; s < w.length; s++) {
                // 1 / (sigma + w_s Lambda)
                double ar = sr + w[s] * lambda[p];
                double norm = ar * ar + si * si;
                double ir = ar / norm;
                double ii = -si / norm;
                dRe += w[s] * w[s] * ir;
                dIm += w[s] * w[s] * ii;
                double bs = b[s * cells + p];
                // w_s sigma b_s / (sigma + w_s Lambda)
                double sbr = sr * bs;
                double sbi = si * bs;
                cr += w[s] * (sbr * ir - sbi * ii);
                ci += w[s] * (sbr * ii + sbi * ir);
            }
            double dn = dRe * dRe + dIm * dIm;
            deltaRe[p] = dRe / dn;
            deltaIm[p] = -dIm / dn;
            rRe[p] = deltaRe[p] * cr - deltaIm[p] * ci;
            rIm[p] = deltaRe[p] * ci + deltaIm[p] * cr;
        }
        double[] r0Re = rRe.clone();
        double[] r0Im = rIm.clone();
        double[] uRe = new double[combined.stateLength()];
        double[] uIm = new double[combined.stateLength()];
        sweep.sweepWithDiagonal(deltaRe, deltaIm, rRe, rIm, uRe, uIm);
        for (int p = 0; p < cells; p++) {
            // G u = Delta u - r
            double gr = deltaRe[p] * uRe[p] - deltaIm[p] * uIm[p] - r0Re[p];
            double gi = deltaRe[p] * uIm[p] + deltaIm[p] * uRe[p] - r0Im[p];
            for (int s = 0; s < w.length; s++) {
                double xr = sr * b[s * cells + p] + w[s] * gr;
                double xi = si * b[s * cells + p] + w[s] * gi;
                CpuBackend.divide(xr, xi, sr + w[s] * lambda[p], si, zr, zi, s * cells + p);
            }
        }
        // tracked rows: z_q = b_q + c (T u)
        double[] tr = trackedSums(uRe);
        double[] ti = trackedSums(uIm);
        int off = w.length * cells;
        for (int q = 0; q < tr.length; q++) {
            zr[off + q] = b[off + q] + cRe * tr[q] - cIm * ti[q];
            zi[off + q] = cRe * ti[q] + cIm * tr[q];
        }
    }

    private double[] trackedSums(double[] cellsOfSum) {
        PhaseSpaceOperator.Arrays a = combined.arrays();
        return CpuBackend.trackedSums(a.trackedRate(), a.secant(), combined.energyBins(), combined.angleCells(),
                cellsOfSum);
    }

    /** The counts summed over the states, with the tracked quantities: a state of the summed operator. */
    public double[] summedOverStates(double[] f) {
        double[] sum = new double[combined.stateLength()];
        for (int s = 0; s < w.length; s++) {
            for (int p = 0; p < cells; p++) {
                sum[p] += f[s * cells + p];
            }
        }
        System.arraycopy(f, w.length * cells, sum, cells, PhaseSpaceOperator.TRACKED_QUANTITIES);
        return sum;
    }

    @Override
    public void close() {
        sweep.close();
    }
}
