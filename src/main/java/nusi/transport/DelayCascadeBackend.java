package nusi.transport;

import java.util.concurrent.ForkJoinPool;
import nusi.grid.DelayGrid;
import nusi.physics.Deflection;

/**
 * Eq. 8 on the (E, theta, tau) grid within one step in x, with tau the delay so far (physics.md, "Beyond the paper";
 * {@link DelayCascade} adds what a neutrino accrues at its angle between steps). A scattering changes energy and
 * angle, not the delay so far, so every transfer keeps its delay node; only a first scattering leaves the node tau = 0
 * (which therefore holds exactly the unscattered) for the first positive node. The energy-angle transfers are those of
 * the wrapped {@link PhaseSpaceOperator}, planar ({@link CpuBackend#gainShifted}) or 3D ({@link AzimuthalCpuBackend}):
 * summed over delays this operator is the energy-angle operator.
 *
 * <p>Solves: triangular in energy as before; within an energy row the unknowns are ordered by angle then delay. A
 * transfer within the row to a larger angle, or to the same angle, is used in the same pass; with 3D deflection a
 * transfer to a smaller angle is lagged one Gauss-Seidel pass, as in {@link AzimuthalCpuBackend}. Host arrays,
 * float64; the state is f[(j K + a) L + k] (energy bin j, angle cell a, delay node k), then the tracked quantities.
 */
public final class DelayCascadeBackend extends HostVectors {
    static final int MAX_PASSES = 200;
    private static final double[] COS_PHI = new double[AzimuthalCpuBackend.AZIMUTHS];

    static {
        for (int m = 0; m < COS_PHI.length; m++) {
            COS_PHI[m] = Math.cos(Math.PI * (m + 0.5) / COS_PHI.length);
        }
    }

    private final PhaseSpaceOperator op;
    private final DelayGrid delays;
    private final boolean threeD;
    private final int n;
    private final int k;
    private final int l;
    private final int nodes;
    private final int outflowCell;
    private final double[] loss;
    private final double[] gain;
    private final double[] deflection;
    private final double[] sec;
    private final double[] tracked;
    private final double[] theta;
    private final double[] theta2;
    private final int threads;
    private final ForkJoinPool pool;
    private int largestPasses;

    /** @param op the energy-angle operator of this step (its deflections those of the step's x) */
    public DelayCascadeBackend(PhaseSpaceOperator op, DelayGrid delays, int threads) {
        if (threads < 1) {
            throw new nusi.physics.ParameterException(nusi.physics.Parameter.THREADS.token() + " must be >= 1, got "
                    + threads);
        }
        this.op = op;
        this.delays = delays;
        this.threeD = op.deflection() == Deflection.THREE_D;
        this.n = op.energyBins();
        this.k = op.angleCells();
        this.l = delays.nodes();
        this.nodes = op.angleGrid().nodeCount();
        this.outflowCell = op.angleGrid().outflowCell();
        PhaseSpaceOperator.Arrays t = op.arrays();
        this.loss = t.lossRate();
        this.gain = t.gainRate();
        this.deflection = t.shift();
        this.sec = t.secant();
        this.tracked = t.trackedRate();
        this.theta = t.angleNodes();
        this.theta2 = new double[nodes];
        for (int a = 0; a < nodes; a++) {
            theta2[a] = theta[a] * theta[a];
        }
        long cells = (long) n * k * l;
        if (cells > 1 << 26) {
            throw new IllegalArgumentException("energy x angle x delay grid of " + cells + " cells is over the "
                    + (1 << 26) + " this backend holds");
        }
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    public PhaseSpaceOperator operator() {
        return op;
    }

    public DelayGrid delayGrid() {
        return delays;
    }

    /** The most Gauss-Seidel passes an energy row needed so far (1 with planar deflection). */
    public int largestRowPasses() {
        return largestPasses;
    }

    @Override
    public String description() {
        return "cpu delay grid (Java float64, " + (threeD ? "3D, " + COS_PHI.length + " azimuths" : "planar") + ", "
                + l + " delay nodes, " + threads + " thread" + (threads > 1 ? "s" : "") + ")";
    }

    @Override
    public int length() {
        return n * k * l + PhaseSpaceOperator.TRACKED_QUANTITIES;
    }

    /**
     * The angle cells a scattering from cell a with deflection d lands on, with their shares, into (cells, shares);
     * returns how many. Planar: theta_a + d split linearly in theta (CpuBackend.gainShifted); 3D: theta_f^2 at the
     * azimuth midpoints split linearly in theta^2 (AzimuthalCpuBackend); the last node and the outflow cell send all to
     * the outflow cell; beyond the last node is the outflow cell.
     */
    int angleTargets(int a, double d, int[] cells, double[] shares) {
        int last = nodes - 1;
        if (a >= last) {
            cells[0] = outflowCell;
            shares[0] = 1;
            return 1;
        }
        int count = 0;
        if (!threeD) {
            double t = theta[a] + d;
            if (t >= theta[last]) {
                cells[0] = outflowCell;
                shares[0] = 1;
                return 1;
            }
            int b = bracket(theta, t);
            double w = (t - theta[b]) / (theta[b + 1] - theta[b]);
            cells[0] = b;
            shares[0] = 1 - w;
            cells[1] = b + 1;
            shares[1] = w;
            return 2;
        }
        double share = 1.0 / COS_PHI.length;
        for (double c : COS_PHI) {
            double t2 = Math.max(0, theta2[a] + d * d + 2 * theta[a] * d * c);
            if (t2 >= theta2[last]) {
                count = add(cells, shares, count, outflowCell, share);
                continue;
            }
            int b = bracket(theta2, t2);
            double w = (t2 - theta2[b]) / (theta2[b + 1] - theta2[b]);
            count = add(cells, shares, count, b, share * (1 - w));
            count = add(cells, shares, count, b + 1, share * w);
        }
        return count;
    }

    private static int add(int[] cells, double[] shares, int count, int cell, double share) {
        for (int t = 0; t < count; t++) {
            if (cells[t] == cell) {
                shares[t] += share;
                return count;
            }
        }
        cells[count] = cell;
        shares[count] = share;
        return count + 1;
    }

    /** The b in [0, nodes - 2] with v[b] <= x < v[b + 1] (x below v[nodes - 1]). */
    private int bracket(double[] v, double x) {
        int lo = 0;
        int hi = nodes - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (v[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static final int MAX_TARGETS = 2 * AzimuthalCpuBackend.AZIMUTHS + 1;

    /**
     * Row t's gain from source row i: acc[t] += gain_ti sum_a sec_a f_i,a split over its angle targets b, each
     * delay node kept (Eq. 8). fi null: real. Cells of the source row whose delays are all zero skipped.
     */
    private void push(int t, int i, double[] fr, double[] fi, double[] ar, double[] ai) {
        double g = gain[t * n + i];
        if (g == 0) {
            return;
        }
        double d = deflection[t * n + i];
        int[] cells = new int[MAX_TARGETS];
        double[] shares = new double[MAX_TARGETS];
        for (int a = 0; a < k; a++) {
            int cell = i * k + a;
            int top = lastNonZero(fr, fi, cell * l);
            if (top < 0) {
                continue;
            }
            int src = cell * l;
            int count = angleTargets(a, d, cells, shares);
            for (int c = 0; c < count; c++) {
                double coeff = g * sec[a] * shares[c];
                deposit(fr, fi, src, top, coeff, (t * k + cells[c]) * l, ar, ai);
            }
        }
    }

    /** Adds coeff times the source cell's delays to the target cell's: the same node, tau = 0 to the first. */
    private static void deposit(double[] fr, double[] fi, int src, int top, double coeff, int dst, double[] ar,
                                double[] ai) {
        ar[dst + 1] += coeff * fr[src];
        for (int q = 1; q <= top; q++) {
            ar[dst + q] += coeff * fr[src + q];
        }
        if (fi != null) {
            ai[dst + 1] += coeff * fi[src];
            for (int q = 1; q <= top; q++) {
                ai[dst + q] += coeff * fi[src + q];
            }
        }
    }

    private int lastNonZero(double[] fr, double[] fi, int src) {
        for (int q = l - 1; q >= 0; q--) {
            if (fr[src + q] != 0 || (fi != null && fi[src + q] != 0)) {
                return q;
            }
        }
        return -1;
    }

    /** out = A f: loss, gains (the row's own included) and the tracked rates. */
    @Override
    public void apply(Vector xv, Vector outv) {
        double[] f = of(xv);
        double[] out = of(outv);
        int cells = n * k * l;
        java.util.Arrays.fill(out, 0);
        ParallelRows.forEach(pool, 0, n, t -> {
            for (int a = 0; a < k; a++) {
                for (int q = 0; q < l; q++) {
                    int p = (t * k + a) * l + q;
                    out[p] -= loss[t] * sec[a] * f[p];
                }
            }
            for (int i = t; i < n; i++) {
                push(t, i, f, null, out, null);
            }
        });
        trackedRates(f, null, out, null, cells);
    }

    /** out[cells + q] = sum of the tracked rate q over every cell (real and imaginary parts apart). */
    private void trackedRates(double[] fr, double[] fi, double[] outR, double[] outI, int cells) {
        for (int q = 0; q < PhaseSpaceOperator.TRACKED_QUANTITIES; q++) {
            double sr = 0;
            double si = 0;
            for (int i = 0; i < n; i++) {
                double rate = tracked[q * n + i];
                if (rate == 0) {
                    continue;
                }
                for (int a = 0; a < k; a++) {
                    int src = (i * k + a) * l;
                    double cr = 0;
                    double ci = 0;
                    for (int p = 0; p < l; p++) {
                        cr += fr[src + p];
                        if (fi != null) {
                            ci += fi[src + p];
                        }
                    }
                    sr += rate * sec[a] * cr;
                    si += rate * sec[a] * ci;
                }
            }
            outR[cells + q] = sr;
            if (outI != null) {
                outI[cells + q] = si;
            }
        }
    }

    @Override
    public void shiftedSolve(double c, Vector bv, Vector yv) {
        double[] y = of(yv);
        double[] im = new double[y.length];
        solve(1 / c, 0, of(bv), y, im);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector bv, ComplexVector zv) {
        double[] s = VectorBackend.inverseShift(cRe, cIm);
        Complex z = of(zv);
        solve(s[0], s[1], of(bv), z.re(), z.im());
    }

    /** (sigma - A) z = sigma b from the top energy row down, rows below a solved block fed in parallel. */
    private void solve(double sr, double si, double[] b, double[] zr, double[] zi) {
        int cells = n * k * l;
        double[] ar = new double[cells];
        double[] ai = new double[cells];
        for (int p = 0; p < cells; p++) {
            ar[p] = sr * b[p];
            ai[p] = si * b[p];
        }
        java.util.Arrays.fill(zr, 0);
        java.util.Arrays.fill(zi, 0);
        int block = CpuBackend.BLOCK;
        for (int hi = n; hi > 0; hi -= block) {
            int lo = Math.max(0, hi - block);
            for (int j = hi - 1; j >= lo; j--) {
                solveRow(sr, si, j, ar, ai, zr, zi);
                for (int t = j - 1; t >= lo; t--) {
                    push(t, j, zr, zi, ar, ai);
                }
            }
            int blockLo = lo;
            int blockHi = hi;
            ParallelRows.forEach(pool, 0, lo, t -> {
                for (int i = blockLo; i < blockHi; i++) {
                    push(t, i, zr, zi, ar, ai);
                }
            });
        }
        // tracked: sigma z_q - (A z)_q = sigma b_q
        trackedRates(zr, zi, zr, zi, cells);
        double s2 = sr * sr + si * si;
        for (int q = 0; q < PhaseSpaceOperator.TRACKED_QUANTITIES; q++) {
            int p = cells + q;
            double rr = zr[p];
            double ri = zi[p];
            zr[p] = b[p] + (rr * sr + ri * si) / s2;
            zi[p] = (ri * sr - rr * si) / s2;
        }
    }

    /**
     * Row j: (sigma + sec_a (l_j - s_j T_jj)) z = rhs within the row, T_jj its self-scattering over angle and delay:
     * in increasing angle, each angle's delays in increasing order; with 3D deflection, what lands on smaller angles
     * is lagged one pass (Gauss-Seidel) until the row stops changing.
     */
    private void solveRow(double sr, double si, int j, double[] ar, double[] ai, double[] zr, double[] zi) {
        double g = gain[j * n + j];
        double d = deflection[j * n + j];
        int row = j * k * l;
        int size = k * l;
        double[] wr = new double[size];
        double[] wi = new double[size];
        double[] lagR = new double[size];
        double[] lagI = new double[size];
        double[] nextR = threeD ? new double[size] : null;
        double[] nextI = threeD ? new double[size] : null;
        int[][] cells = new int[k][MAX_TARGETS];
        double[][] shares = new double[k][MAX_TARGETS];
        int[] counts = new int[k];
        double[] stay = new double[k];
        for (int a = 0; a < k; a++) {
            counts[a] = g == 0 ? 0 : angleTargets(a, d, cells[a], shares[a]);
            for (int c = 0; c < counts[a]; c++) {
                if (cells[a][c] == a) {
                    stay[a] += shares[a][c];
                }
            }
        }
        for (int pass = 1; ; pass++) {
            for (int p = 0; p < size; p++) {
                wr[p] = ar[row + p] + lagR[p];
                wi[p] = ai[row + p] + lagI[p];
            }
            if (threeD) {
                java.util.Arrays.fill(nextR, 0);
                java.util.Arrays.fill(nextI, 0);
            }
            double change = 0;
            double largest = 0;
            for (int a = 0; a < k; a++) {
                double base = loss[j] * sec[a];
                double self = g * sec[a];
                int off = a * l;
                for (int q = 0; q < l; q++) {
                    double dr = sr + base - (q == 0 ? 0 : self * stay[a]);
                    double den = dr * dr + si * si;
                    double xr = (wr[off + q] * dr + wi[off + q] * si) / den;
                    double xi = (wi[off + q] * dr - wr[off + q] * si) / den;
                    int p = row + off + q;
                    change = Math.max(change, Math.abs(xr - zr[p]) + Math.abs(xi - zi[p]));
                    largest = Math.max(largest, Math.abs(xr) + Math.abs(xi));
                    zr[p] = xr;
                    zi[p] = xi;
                    if (q == 0 && stay[a] > 0) {
                        // a first scattering: from tau = 0 to the first positive delay node
                        int to = off + 1;
                        wr[to] += self * stay[a] * xr;
                        wi[to] += self * stay[a] * xi;
                    }
                }
                int top = lastNonZero(zr, zi, row + off);
                if (top < 0) {
                    continue;
                }
                for (int c = 0; c < counts[a]; c++) {
                    int b = cells[a][c];
                    if (b == a) {
                        continue;
                    }
                    double coeff = self * shares[a][c];
                    double[] tr = b > a ? wr : nextR;
                    double[] ti = b > a ? wi : nextI;
                    deposit(zr, zi, row + off, top, coeff, b * l, tr, ti);
                }
            }
            largestPasses = Math.max(largestPasses, pass);
            if (!threeD || change <= 1e-15 * largest) {
                return;
            }
            if (pass >= MAX_PASSES) {
                // as AzimuthalCpuBackend, which then solves the row densely; here (K L unknowns) it is refused
                throw new nusi.physics.ParameterException("the 3D delay row of energy bin " + j + " did not settle in "
                        + MAX_PASSES + " Gauss-Seidel passes (relative change " + String.format(java.util.Locale.ROOT,
                        "%.1e", change / largest) + ", self-scattering " + String.format(java.util.Locale.ROOT, "%.3g",
                        g / loss[j]) + " of the loss): more " + nusi.physics.Parameter.ENERGY_BINS.token() + " needed");
            }
            System.arraycopy(nextR, 0, lagR, 0, size);
            System.arraycopy(nextI, 0, lagI, 0, size);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
