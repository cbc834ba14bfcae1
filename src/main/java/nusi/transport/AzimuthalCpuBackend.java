package nusi.transport;

import java.util.concurrent.ForkJoinPool;

/**
 * The Eq. 8 operator in three dimensions ({@link PhaseSpaceOperator#inThreeDimensions}) on the host, float64: a
 * scattering at polar angle theta_a with deflection delta lands at theta_f^2 = theta_a^2 + delta^2
 * + 2 theta_a delta cos phi for a uniformly random azimuth phi (physics.md, "Beyond the paper"), taken at
 * {@link #AZIMUTHS} midpoints of [0, pi] (cos phi sums to zero over them, so the mean theta^2 of every transfer
 * grows by exactly delta^2), each theta_f split between its two nodes linearly in theta^2 (which keeps the count and
 * the mean theta^2). The last node and the outflow cell send everything to the outflow cell, as in the planar case.
 *
 * <p>The angle can shrink, so the block of scatterings within one energy bin is not triangular in angle (the gains
 * from higher bins are, in energy, as before). Each row is solved by Gauss-Seidel sweeps in increasing angle: the
 * upward and on-node parts of the self-scattering exactly (forward substitution, as in the planar sweep), the part
 * that lands on smaller angles lagged one sweep. The iteration matrix is the downward part over the diagonal
 * sigma + sec (l - s T_aa): its column sums are at most (s/l) |sigma + D| / |D| for D = sec (l - s T_aa) > 0, and
 * for CRAM-48's poles |sigma + D| / ... is at most 1.23 times s/l (the pole with the largest |theta| / Im theta):
 * with resolved self-scattering (s/l ~ 0.1 at 40 bins per decade) a row converges to rounding in a few sweeps. A row
 * that does not within {@link #MAX_SWEEPS} (coarse bins, s/l near 1) is solved densely, complex Gaussian elimination
 * with partial pivoting, up to {@link #DENSE_ROW_LIMIT} cells; beyond that it is refused (naming the energy bins).
 */
public final class AzimuthalCpuBackend extends HostVectors implements TransportBackend {
    /** Midpoints in phi over [0, pi] (the distribution is symmetric in phi -> -phi). */
    public static final int AZIMUTHS = 8;
    static final int MAX_SWEEPS = 60;
    /** Rows of at most this many cells that the sweeps do not settle are solved densely (K^2 complex entries). */
    static final int DENSE_ROW_LIMIT = 1024;
    private static final double[] COS_PHI = new double[AZIMUTHS];

    static {
        for (int m = 0; m < AZIMUTHS; m++) {
            COS_PHI[m] = Math.cos(Math.PI * (m + 0.5) / AZIMUTHS);
        }
    }

    private final PhaseSpaceOperator op;
    private final int n;
    private final int k;
    private final int nodes;
    private final int outflowCell;
    private final double[] loss;
    private final double[] gain;
    private final double[] delta;
    private final double[] sec;
    private final double[] tracked;
    private final double[] theta;
    private final double[] theta2;
    private final int threads;
    private final ForkJoinPool pool;
    private final double[] work1;
    private final double[] work2;
    private int sweepsUsed;
    private int denseRows;
    /** The current row's self-scattering per node and azimuth: lower target node (-1: outflow) and its weight. */
    private final int[] rowTarget;
    private final double[] rowWeight;
    /** The share of each node's self-scattering that stays on it (into the row's diagonal). */
    private final double[] rowStay;

    public AzimuthalCpuBackend(PhaseSpaceOperator op, int threads) {
        if (op.deflection() != nusi.physics.Deflection.THREE_D) {
            throw new IllegalArgumentException("the azimuthal backend needs an operator in three dimensions "
                    + "(PhaseSpaceOperator.inThreeDimensions); planar ones run on CpuBackend");
        }
        if (threads < 1) {
            throw new nusi.physics.ParameterException(nusi.physics.Parameter.THREADS.token() + " must be >= 1, got "
                    + threads);
        }
        this.op = op;
        this.n = op.energyBins();
        this.k = op.angleCells();
        this.nodes = op.angleGrid().nodeCount();
        this.outflowCell = op.angleGrid().outflowCell();
        PhaseSpaceOperator.Arrays a = op.arrays();
        this.loss = a.lossRate();
        this.gain = a.gainRate();
        this.delta = a.shift();
        this.sec = a.secant();
        this.tracked = a.trackedRate();
        this.theta = a.angleNodes();
        this.theta2 = new double[nodes];
        for (int b = 0; b < nodes; b++) {
            theta2[b] = theta[b] * theta[b];
        }
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
        this.work1 = new double[op.stateLength()];
        this.work2 = new double[op.stateLength()];
        this.rowTarget = new int[k * AZIMUTHS];
        this.rowWeight = new double[k * AZIMUTHS];
        this.rowStay = new double[k];
    }

    /**
     * Row j's self-scattering transfer into rowTarget, rowWeight and rowStay: the same for every sweep of a solve and
     * for the dense fall-back, so computed once per row solve. The last node and the outflow cell send everything to
     * the outflow cell (which keeps its own).
     */
    private void selfTransfer(int j) {
        double d = delta[j * n + j];
        int last = nodes - 1;
        int[] guess = new int[AZIMUTHS];
        for (int a = 0; a < k; a++) {
            if (a >= last) {
                rowStay[a] = a == outflowCell ? 1 : 0;
                continue;
            }
            double stay = 0;
            for (int m = 0; m < AZIMUTHS; m++) {
                double t2 = squaredTarget(a, d, m);
                int b = bracket(t2, guess[m]);
                int p = a * AZIMUTHS + m;
                rowTarget[p] = b;
                if (b >= 0) {
                    guess[m] = b;
                    double w = (t2 - theta2[b]) / (theta2[b + 1] - theta2[b]);
                    rowWeight[p] = w;
                    if (b == a) {
                        stay += 1 - w;
                    } else if (b + 1 == a) {
                        stay += w;
                    }
                }
            }
            rowStay[a] = stay / AZIMUTHS;
        }
    }

    @Override
    public String description() {
        return "cpu 3D (Java float64, " + AZIMUTHS + " azimuths, " + threads + " thread" + (threads > 1 ? "s" : "")
                + ")";
    }

    @Override
    public PhaseSpaceOperator operator() {
        return op;
    }

    /** The largest number of Gauss-Seidel sweeps a row needed so far (diagnostics, tests). */
    public int largestRowSweeps() {
        return sweepsUsed;
    }

    private void parallelRows(int from, int to, java.util.function.IntConsumer row) {
        ParallelRows.forEach(pool, from, to, row);
    }

    /**
     * Where one azimuth of a transfer from node a lands: the lower node b of its bracket (theta_b^2 <= theta_f^2 <
     * theta_{b+1}^2) and the share w that goes to b + 1, or b = -1 for the outflow cell. {@code from} is a starting
     * guess (the previous azimuth's or node's bracket: targets move by about one spacing).
     */
    private int bracket(double t2, int from) {
        int last = nodes - 1;
        if (t2 >= theta2[last]) {
            return -1;
        }
        int b = Math.max(0, Math.min(from, last - 1));
        while (b < last - 1 && theta2[b + 1] <= t2) {
            b++;
        }
        while (b > 0 && theta2[b] > t2) {
            b--;
        }
        return b;
    }

    private double squaredTarget(int a, double d, int m) {
        double t = theta[a];
        return Math.max(0, t * t + d * d + 2 * t * d * COS_PHI[m]);
    }

    /**
     * Eq. 8 gain from one source row in 3D: acc[dst + b] += coeff sum_a sec[a] f[src + a] T_d(a -> b), and the same
     * from g into accG when g is not null (the real and imaginary parts of a complex sweep share the targets).
     */
    private void gainAzimuthal(double[] f, double[] g, int src, double coeff, double d, double[] acc, double[] accG,
                               int dst) {
        int last = nodes - 1;
        double beyond = 0;
        double beyondG = 0;
        int[] guess = new int[AZIMUTHS];
        for (int a = 0; a < last; a++) {
            double v = coeff * sec[a] * f[src + a];
            double u = g == null ? 0 : coeff * sec[a] * g[src + a];
            if (v == 0 && u == 0) {
                continue;
            }
            double share = v / AZIMUTHS;
            double shareG = u / AZIMUTHS;
            for (int m = 0; m < AZIMUTHS; m++) {
                double t2 = squaredTarget(a, d, m);
                int b = bracket(t2, guess[m]);
                if (b < 0) {
                    beyond += share;
                    beyondG += shareG;
                    continue;
                }
                guess[m] = b;
                double w = (t2 - theta2[b]) / (theta2[b + 1] - theta2[b]);
                acc[dst + b] += share - w * share;
                acc[dst + b + 1] += w * share;
                if (g != null) {
                    accG[dst + b] += shareG - w * shareG;
                    accG[dst + b + 1] += w * shareG;
                }
            }
        }
        beyond += coeff * sec[last] * f[src + last];
        if (outflowCell != last) {
            beyond += coeff * sec[outflowCell] * f[src + outflowCell];
        }
        acc[dst + outflowCell] += beyond;
        if (g != null) {
            beyondG += coeff * sec[last] * g[src + last];
            if (outflowCell != last) {
                beyondG += coeff * sec[outflowCell] * g[src + outflowCell];
            }
            accG[dst + outflowCell] += beyondG;
        }
    }

    @Override
    public void apply(Vector x, Vector out) {
        transportRate(HostVectors.of(x), HostVectors.of(out));
    }

    @Override
    public void apply(double[] f, double[] out) {
        transportRate(f, out);
    }

    /** A f in three dimensions: gain minus loss, and the tracked quantities. */
    public void transportRate(double[] f, double[] out) {
        double[] in = f == out ? f.clone() : f;
        parallelRows(0, n, j -> {
            int dst = j * k;
            for (int b = 0; b < k; b++) {
                out[dst + b] = -loss[j] * sec[b] * in[dst + b];
            }
            for (int i = j; i < n; i++) {
                double g = gain[j * n + i];
                if (g != 0) {
                    gainAzimuthal(in, null, i * k, g, delta[j * n + i], out, null, dst);
                }
            }
        });
        double[] t = trackedSums(in);
        for (int q = 0; q < t.length; q++) {
            out[n * k + q] = t[q];
        }
    }

    private double[] trackedSums(double[] f) {
        return CpuBackend.trackedSums(tracked, sec, n, k, f);
    }

    @Override
    public void shiftedSolve(double c, Vector b, Vector y) {
        complexOrRealSweep(true, 1 / c, 0, HostVectors.of(b), HostVectors.of(y), null);
        double[] yy = HostVectors.of(y);
        double[] t = trackedSums(yy);
        double[] bb = HostVectors.of(b);
        for (int q = 0; q < t.length; q++) {
            yy[n * k + q] = bb[n * k + q] + c * t[q];
        }
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector b, ComplexVector z) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        HostVectors.Complex out = HostVectors.of(z);
        double[] rhs = HostVectors.of(b);
        complexOrRealSweep(false, sigma[0], sigma[1], rhs, out.re(), out.im());
        double[] tr = trackedSums(out.re());
        double[] ti = trackedSums(out.im());
        for (int q = 0; q < tr.length; q++) {
            out.re()[n * k + q] = rhs[n * k + q] + cRe * tr[q] - cIm * ti[q];
            out.im()[n * k + q] = cRe * ti[q] + cIm * tr[q];
        }
    }

    /**
     * (sigma - A) z = sigma rhs from the top energy row down (real: sigma = 1/c, zi unused and null). Rows below a
     * solved block receive its gains in parallel, as in {@link CpuBackend#complexSweep}.
     */
    private void complexOrRealSweep(boolean real, double sr, double si, double[] rhs, double[] zr, double[] zi) {
        int len = n * k;
        double[] ar = work1;
        double[] ai = work2;
        for (int p = 0; p < len; p++) {
            ar[p] = sr * rhs[p];
            ai[p] = real ? 0 : si * rhs[p];
        }
        int block = CpuBackend.BLOCK;
        for (int hi = n; hi > 0; hi -= block) {
            int lo = Math.max(0, hi - block);
            for (int j = hi - 1; j >= lo; j--) {
                solveRow(real, sr, si, j, ar, ai, zr, zi);
                for (int t = j - 1; t >= lo; t--) {
                    push(real, t, j, zr, zi, ar, ai);
                }
            }
            int blockLo = lo;
            int blockHi = hi;
            parallelRows(0, lo, t -> {
                for (int i = blockLo; i < blockHi; i++) {
                    push(real, t, i, zr, zi, ar, ai);
                }
            });
        }
    }

    private void push(boolean real, int t, int i, double[] zr, double[] zi, double[] ar, double[] ai) {
        double g = gain[t * n + i];
        if (g == 0) {
            return;
        }
        gainAzimuthal(zr, real ? null : zi, i * k, g, delta[t * n + i], ar, ai, t * k);
    }

    /**
     * Row j: (sigma + sec (l - s T)) z = a, T the self-scattering's angle transfer, by Gauss-Seidel sweeps in
     * increasing angle (class comment): what lands above a node or on it is used in the same sweep, what lands below
     * it in the next one.
     */
    private void solveRow(boolean real, double sr, double si, int j, double[] ar, double[] ai, double[] zr,
                          double[] zi) {
        int row = j * k;
        double l = loss[j];
        double s = gain[j * n + j];
        int last = nodes - 1;
        selfTransfer(j);
        double[] downRe = new double[k];
        double[] downIm = new double[k];
        double[] nextRe = new double[k];
        double[] nextIm = new double[k];
        double[] upRe = new double[k];
        double[] upIm = new double[k];
        for (int sweep = 1; ; sweep++) {
            java.util.Arrays.fill(upRe, 0);
            java.util.Arrays.fill(upIm, 0);
            java.util.Arrays.fill(nextRe, 0);
            java.util.Arrays.fill(nextIm, 0);
            for (int a = 0; a < k; a++) {
                double stay = rowStay[a];
                boolean toOutflow = a >= last;
                double xr = ar[row + a] + upRe[a] + downRe[a];
                double xi = real ? 0 : ai[row + a] + upIm[a] + downIm[a];
                double dr = sr + sec[a] * (l - s * stay);
                double vr;
                double vi = 0;
                if (real) {
                    zr[row + a] = xr / dr;
                    vr = s * sec[a] * zr[row + a];
                } else {
                    CpuBackend.divide(xr, xi, dr, si, zr, zi, row + a);
                    vr = s * sec[a] * zr[row + a];
                    vi = s * sec[a] * zi[row + a];
                }
                if (toOutflow) {
                    if (a != outflowCell) {
                        upRe[outflowCell] += vr;
                        upIm[outflowCell] += vi;
                    }
                    continue;
                }
                double share = 1.0 / AZIMUTHS;
                for (int m = 0; m < AZIMUTHS; m++) {
                    int b = rowTarget[a * AZIMUTHS + m];
                    if (b < 0) {
                        upRe[outflowCell] += share * vr;
                        upIm[outflowCell] += share * vi;
                        continue;
                    }
                    double w = rowWeight[a * AZIMUTHS + m];
                    deposit(b, a, (1 - w) * share, vr, vi, upRe, upIm, nextRe, nextIm);
                    deposit(b + 1, a, w * share, vr, vi, upRe, upIm, nextRe, nextIm);
                }
            }
            // converged when no cell's lagged part changes by more than a few ulp of what sums into that cell
            // (rounding then holds the iteration in a limit cycle at about that size)
            boolean converged = true;
            for (int b = 0; b < k && converged; b++) {
                double change = Math.abs(nextRe[b] - downRe[b]) + Math.abs(nextIm[b] - downIm[b]);
                double size = Math.abs(ar[row + b]) + Math.abs(upRe[b]) + Math.abs(nextRe[b]);
                if (!real) {
                    size += Math.abs(ai[row + b]) + Math.abs(upIm[b]) + Math.abs(nextIm[b]);
                }
                converged = change <= 0x1p-50 * size;
            }
            double[] swap = downRe;
            downRe = nextRe;
            nextRe = swap;
            swap = downIm;
            downIm = nextIm;
            nextIm = swap;
            if (converged) {
                synchronized (this) {
                    sweepsUsed = Math.max(sweepsUsed, sweep);
                }
                return;
            }
            if (sweep >= MAX_SWEEPS) {
                if (k > DENSE_ROW_LIMIT) {
                    throw new nusi.physics.ParameterException("the 3D row solve of energy bin " + j + " did not "
                            + "converge in " + MAX_SWEEPS + " sweeps (self-scattering " + s / l + " of the loss) and "
                            + k + " angle cells are too many for a dense solve: more "
                            + nusi.physics.Parameter.ENERGY_BINS.token() + " needed");
                }
                denseRow(real, sr, si, j, ar, ai, zr, zi);
                synchronized (this) {
                    denseRows++;
                }
                return;
            }
        }
    }

    /**
     * Row j solved directly, (sigma + sec l - s T sec) z = a by Gaussian elimination with partial pivoting in complex
     * arithmetic: for rows whose self-scattering is so large (s/l near 1, coarse bins) that the sweeps do not settle.
     * The row's transfer is the one {@link #selfTransfer} left for the sweeps.
     */
    private void denseRow(boolean real, double sr, double si, int j, double[] ar, double[] ai, double[] zr,
                          double[] zi) {
        int row = j * k;
        double l = loss[j];
        double s = gain[j * n + j];
        int last = nodes - 1;
        double[][] mr = new double[k][k];
        double[][] mi = new double[k][k];
        for (int a = 0; a < k; a++) {
            mr[a][a] += sr + sec[a] * l;
            mi[a][a] += real ? 0 : si;
            double v = s * sec[a];
            if (a >= last) {
                mr[outflowCell][a] -= v;
                continue;
            }
            for (int m = 0; m < AZIMUTHS; m++) {
                int b = rowTarget[a * AZIMUTHS + m];
                double share = v / AZIMUTHS;
                if (b < 0) {
                    mr[outflowCell][a] -= share;
                    continue;
                }
                double w = rowWeight[a * AZIMUTHS + m];
                mr[b][a] -= share - w * share;
                mr[b + 1][a] -= w * share;
            }
        }
        double[] xr = new double[k];
        double[] xi = new double[k];
        for (int a = 0; a < k; a++) {
            xr[a] = ar[row + a];
            xi[a] = real ? 0 : ai[row + a];
        }
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.hypot(mr[r][c], mi[r][c]) > Math.hypot(mr[pivot][c], mi[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tr = mr[c];
            mr[c] = mr[pivot];
            mr[pivot] = tr;
            double[] ti = mi[c];
            mi[c] = mi[pivot];
            mi[pivot] = ti;
            double t = xr[c];
            xr[c] = xr[pivot];
            xr[pivot] = t;
            t = xi[c];
            xi[c] = xi[pivot];
            xi[pivot] = t;
            double pr = mr[c][c];
            double pi = mi[c][c];
            double pn = pr * pr + pi * pi;
            for (int r = c + 1; r < k; r++) {
                // factor = m[r][c] / m[c][c]
                double fr = (mr[r][c] * pr + mi[r][c] * pi) / pn;
                double fi = (mi[r][c] * pr - mr[r][c] * pi) / pn;
                if (fr == 0 && fi == 0) {
                    continue;
                }
                for (int q = c; q < k; q++) {
                    double ur = mr[c][q];
                    double ui = mi[c][q];
                    mr[r][q] -= fr * ur - fi * ui;
                    mi[r][q] -= fr * ui + fi * ur;
                }
                xr[r] -= fr * xr[c] - fi * xi[c];
                xi[r] -= fr * xi[c] + fi * xr[c];
            }
        }
        for (int c = k - 1; c >= 0; c--) {
            double br = xr[c];
            double bi = xi[c];
            for (int q = c + 1; q < k; q++) {
                br -= mr[c][q] * xr[q] - mi[c][q] * xi[q];
                bi -= mr[c][q] * xi[q] + mi[c][q] * xr[q];
            }
            double[] re = new double[1];
            double[] im = new double[1];
            CpuBackend.divide(br, bi, mr[c][c], mi[c][c], re, im, 0);
            xr[c] = re[0];
            xi[c] = im[0];
        }
        for (int a = 0; a < k; a++) {
            zr[row + a] = xr[a];
            if (!real) {
                zi[row + a] = xi[a];
            }
        }
    }

    /** Rows solved densely so far (diagnostics, tests). */
    public int denseRowSolves() {
        return denseRows;
    }

    /** A share of the self-scattered v into cell b: above or on a in this sweep, below a in the next. */
    private static void deposit(int b, int a, double share, double vr, double vi, double[] upRe, double[] upIm,
                                double[] nextRe, double[] nextIm) {
        if (b == a || share == 0) {
            return;
        }
        if (b > a) {
            upRe[b] += share * vr;
            upIm[b] += share * vi;
        } else {
            nextRe[b] += share * vr;
            nextIm[b] += share * vi;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
