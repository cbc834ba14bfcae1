package nusi.transport;

import java.util.concurrent.ForkJoinPool;

/**
 * The float64 Java reference of the Eq. 8 operator, multi-threaded over energy rows. Its kernels
 * ({@link #transportRate}, {@link #implicitSweep}, {@link #complexSweep} and the shared {@link #gainShifted})
 * have OpenCL twins of the same names in {@code kernels/transport.cl}.
 *
 * <p>Parallelism: the rate is independent per target energy row. The sweep is sequential in energy (row j
 * needs every row above it), so it goes by blocks of {@link #BLOCK} rows: a block is solved on one thread, then
 * its contribution is pushed into every lower row in parallel (each thread owns whole target rows: no races).
 */
public final class CpuBackend extends HostVectors implements DiagonalSweepBackend {
    static final int BLOCK = 8;

    private final PhaseSpaceOperator op;
    private final int n;
    private final int k;
    private final int nodes;
    private final int outflowCell;
    private final boolean hasOutflow;
    private final double[] loss;
    private final double[] gain;
    private final double[] shift;
    private final double[] sec;
    private final double[] tracked;
    private final double[] theta;
    private final double[] inverseSpacing;
    private final int[] firstLocal;
    private final int threads;
    private final ForkJoinPool pool;
    private final double[] work1;
    private final double[] work2;

    public CpuBackend(PhaseSpaceOperator op, int threads) {
        if (threads < 1) {
            throw new nusi.physics.ParameterException(nusi.physics.Parameter.THREADS.token() + " must be >= 1, got " + threads);
        }
        if (op.deflection() != nusi.physics.Deflection.PLANAR) {
            throw new IllegalArgumentException("CpuBackend runs the planar deflection; the 3D one runs on "
                    + "AzimuthalCpuBackend");
        }
        this.op = op;
        this.n = op.energyBins();
        this.k = op.angleCells();
        this.nodes = op.angleGrid().nodeCount();
        this.outflowCell = op.angleGrid().outflowCell();
        this.hasOutflow = op.angleGrid().hasOutflowCell();
        PhaseSpaceOperator.Arrays a = op.arrays();
        this.loss = a.lossRate();
        this.gain = a.gainRate();
        this.shift = a.shift();
        this.sec = a.secant();
        this.tracked = a.trackedRate();
        this.theta = a.angleNodes();
        this.inverseSpacing = a.inverseSpacing();
        this.firstLocal = a.firstLocalNode();
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
        int len = op.stateLength();
        this.work1 = new double[len];
        this.work2 = new double[len];
    }

    @Override
    public String description() {
        return "cpu (Java float64, " + threads + " thread" + (threads > 1 ? "s" : "") + ")";
    }

    @Override
    public PhaseSpaceOperator operator() {
        return op;
    }

    private void parallelRows(int from, int to, java.util.function.IntConsumer row) {
        ParallelRows.forEach(pool, from, to, row);
    }

    /**
     * Eq. 8 gain from one source row: acc[b] += coeff * sum_a sec[a] f[a] split(theta_a + shift -> b). Targets
     * only move up in angle, so the bracketing node is found by a pointer that never moves back.
     */
    static void gainShifted(double[] f, int src, double coeff, double shift, int local, double[] acc, int dst,
                            double[] theta, double[] inverseSpacing, double[] sec, int nodes, int outflowCell,
                            boolean hasOutflow) {
        int last = nodes - 1;
        // Nodes a >= local have spacing above the shift, so their target lies between a and a + 1
        // (PhaseSpaceOperator.firstLocalNode). Below it targets jump ahead and are found with a pointer.
        int b = 0;
        // Pending additions to acc[cur] and acc[cur + 1], flushed when the target moves on, so that each element
        // of acc is read and written once (no store-to-load chains between neighbouring a).
        int cur = 0;
        double lo = 0;
        double hi = 0;
        double beyond = 0;
        for (int a = 0; a < local; a++) {
            double v = coeff * sec[a] * f[src + a];
            double t = theta[a] + shift;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            if (b == last) {
                beyond += v;
                continue;
            }
            if (b != cur) {
                acc[dst + cur] += lo;
                if (b == cur + 1) {
                    lo = hi;
                } else {
                    acc[dst + cur + 1] += hi;
                    lo = 0;
                }
                hi = 0;
                cur = b;
            }
            double wv = ((theta[a] - theta[b]) + shift) * inverseSpacing[b] * v;
            lo += v - wv;
            hi += wv;
        }
        acc[dst + cur] += lo;
        if (cur < last) {
            acc[dst + cur + 1] += hi;
        }
        double carry = 0;
        for (int a = local; a < last; a++) {
            double v = coeff * sec[a] * f[src + a];
            double wv = shift * inverseSpacing[a] * v;
            acc[dst + a] += v - wv + carry;
            carry = wv;
        }
        if (local <= last) {
            if (local < last) {
                acc[dst + last] += carry;
            }
            beyond += coeff * sec[last] * f[src + last];
        }
        if (hasOutflow) {
            beyond += coeff * sec[outflowCell] * f[src + outflowCell];
        }
        acc[dst + outflowCell] += beyond;
    }

    static void gainShiftedPair(double[] f, double[] g, int src, double coeff, double shift, int local, double[] acc,
                                double[] accB, int dst,
                            double[] theta, double[] inverseSpacing, double[] sec, int nodes, int outflowCell,
                            boolean hasOutflow) {
        int last = nodes - 1;
        // Nodes a >= local have spacing above the shift, so their target lies between a and a + 1
        // (PhaseSpaceOperator.firstLocalNode). Below it targets jump ahead and are found with a pointer.
        int b = 0;
        // Pending additions to acc[cur] and acc[cur + 1], flushed when the target moves on, so that each element
        // of acc is read and written once (no store-to-load chains between neighbouring a).
        int cur = 0;
        double lo = 0;
        double hi = 0;
        double beyond = 0;
        double loB = 0;
        double hiB = 0;
        double beyondB = 0;
        for (int a = 0; a < local; a++) {
            double cs = coeff * sec[a];
            double v = cs * f[src + a];
            double vB = cs * g[src + a];
            double t = theta[a] + shift;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            if (b == last) {
                beyond += v;
                beyondB += vB;
                continue;
            }
            if (b != cur) {
                acc[dst + cur] += lo;
                accB[dst + cur] += loB;
                if (b == cur + 1) {
                    lo = hi;
                    loB = hiB;
                } else {
                    acc[dst + cur + 1] += hi;
                    accB[dst + cur + 1] += hiB;
                    lo = 0;
                    loB = 0;
                }
                hi = 0;
                hiB = 0;
                cur = b;
            }
            double w = ((theta[a] - theta[b]) + shift) * inverseSpacing[b];
            double wv = w * v;
            double wvB = w * vB;
            lo += v - wv;
            hi += wv;
            loB += vB - wvB;
            hiB += wvB;
        }
        acc[dst + cur] += lo;
        accB[dst + cur] += loB;
        if (cur < last) {
            acc[dst + cur + 1] += hi;
            accB[dst + cur + 1] += hiB;
        }
        double carry = 0;
        double carryB = 0;
        for (int a = local; a < last; a++) {
            double cs = coeff * sec[a];
            double v = cs * f[src + a];
            double vB = cs * g[src + a];
            double w = shift * inverseSpacing[a];
            double wv = w * v;
            double wvB = w * vB;
            acc[dst + a] += v - wv + carry;
            accB[dst + a] += vB - wvB + carryB;
            carry = wv;
            carryB = wvB;
        }
        if (local <= last) {
            if (local < last) {
                acc[dst + last] += carry;
                accB[dst + last] += carryB;
            }
            beyond += coeff * sec[last] * f[src + last];
            beyondB += coeff * sec[last] * g[src + last];
        }
        if (hasOutflow) {
            beyond += coeff * sec[outflowCell] * f[src + outflowCell];
            beyondB += coeff * sec[outflowCell] * g[src + outflowCell];
        }
        acc[dst + outflowCell] += beyond;
        accB[dst + outflowCell] += beyondB;
    }

    /**
     * Gather form of {@link #gainShifted}: what one source row sends into cell c of a target row (coefficient 1).
     * The OpenCL cell kernels use it (one work-item per cell); here it is the independent reference the tests
     * check both layouts against. Java twin of gainGathered in kernels/transport.cl.
     */
    static double gainGathered(double[] f, int src, double shift, int c, double[] theta, double[] sec, int nodes,
                               int outflowCell, boolean hasOutflow) {
        int last = nodes - 1;
        double sum = 0;
        if (c < nodes) {
            if (c < last) {
                int a0 = firstReaching(theta, nodes, 0, shift, theta[c]);
                int a1 = firstReaching(theta, nodes, a0, shift, theta[c + 1]);
                double inv = 1 / (theta[c + 1] - theta[c]);
                for (int a = a0; a < a1; a++) {
                    double v = sec[a] * f[src + a];
                    sum += v - ((theta[a] - theta[c]) + shift) * inv * v;
                }
            }
            if (c >= 1) {
                int a0 = firstReaching(theta, nodes, 0, shift, theta[c - 1]);
                int a1 = firstReaching(theta, nodes, a0, shift, theta[c]);
                double inv = 1 / (theta[c] - theta[c - 1]);
                for (int a = a0; a < a1; a++) {
                    sum += ((theta[a] - theta[c - 1]) + shift) * inv * sec[a] * f[src + a];
                }
            }
        }
        if (c == outflowCell) {
            for (int a = firstReaching(theta, nodes, 0, shift, theta[last]); a < nodes; a++) {
                sum += sec[a] * f[src + a];
            }
            if (hasOutflow) {
                sum += sec[outflowCell] * f[src + outflowCell];
            }
        }
        return sum;
    }

    /** First source node a >= from with theta[a] + shift >= x, i.e. whose target reaches x (nodes if none). */
    static int firstReaching(double[] theta, int nodes, int from, double shift, double x) {
        int lo = from;
        int hi = nodes;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (theta[mid] + shift >= x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * The rate A f computed cell by cell with {@link #gainGathered}: slow, simple, and independent of the scatter
     * of {@link #transportRate}; the reference of the backend contract tests.
     */
    public static void transportRateByCells(PhaseSpaceOperator op, double[] f, double[] out) {
        int n = op.energyBins();
        int k = op.angleCells();
        PhaseSpaceOperator.Arrays t = op.arrays();
        double[] theta = t.angleNodes();
        int nodes = op.angleGrid().nodeCount();
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < k; c++) {
                double s = -t.lossRate()[j] * t.secant()[c] * f[j * k + c];
                for (int i = j; i < n; i++) {
                    s += t.gainRate()[j * n + i] * gainGathered(f, i * k, t.shift()[j * n + i], c, theta, t.secant(),
                            nodes, op.angleGrid().outflowCell(), op.angleGrid().hasOutflowCell());
                }
                out[j * k + c] = s;
            }
        }
        for (int q = 0; q < PhaseSpaceOperator.TRACKED_QUANTITIES; q++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    s += op.trackedRate(q, i) * t.secant()[c] * f[i * k + c];
                }
            }
            out[n * k + q] = s;
        }
    }

    @Override
    public int length() {
        return op.stateLength();
    }

    @Override
    public void apply(Vector x, Vector out) {
        transportRate(HostVectors.of(x), HostVectors.of(out));
    }

    @Override
    public void apply(double[] f, double[] out) {
        transportRate(f, out);
    }

    @Override
    public void shiftedSolve(double c, Vector b, Vector y) {
        implicitSweep(c, HostVectors.of(b), HostVectors.of(y));
    }

    @Override
    public void shiftedSolve(double c, double[] rhs, double[] y) {
        implicitSweep(c, rhs, y);
    }

    @Override
    public void shiftedSolve(double cRe, double cIm, Vector b, ComplexVector z) {
        HostVectors.Complex out = HostVectors.of(z);
        complexSweep(cRe, cIm, HostVectors.of(b), out.re(), out.im());
    }

    /** A f, the right-hand side of Eq. 8 (gain minus loss). OpenCL twins: transportRate, transportRateRows. */
    public void transportRate(double[] f, double[] out) {
        parallelRows(0, n, j -> {
            int dst = j * k;
            double l = loss[j];
            for (int b = 0; b < k; b++) {
                out[dst + b] = -l * sec[b] * f[dst + b];
            }
            for (int i = j; i < n; i++) {
                double g = gain[j * n + i];
                if (g != 0) {
                    gainShifted(f, i * k, g, shift[j * n + i], firstLocal[j * n + i], out, dst, theta,
                            inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                }
            }
        });
        trackedRates(f, out, 0.0, 1.0, null);
    }

    /**
     * out_q = base * rhs_q + c * sum_i trackedRate[q][i] sum_a sec[a] f[i][a]: the tracked quantities of Eq. 8's
     * energy budget. OpenCL twins: rowSecantSums and trackedRates.
     */
    private void trackedRates(double[] f, double[] out, double base, double c, double[] rhs) {
        double[] acc = trackedSums(f);
        int off = n * k;
        for (int q = 0; q < acc.length; q++) {
            out[off + q] = (rhs == null ? 0 : base * rhs[off + q]) + c * acc[q];
        }
    }

    /** sum_i trackedRate[q][i] sum_a sec[a] f[i][a] per tracked quantity q. OpenCL twin: rowSecantSums. */
    private double[] trackedSums(double[] f) {
        return trackedSums(tracked, sec, n, k, f);
    }

    /** The same for any operator's tables (shared by the Java backends). */
    static double[] trackedSums(double[] tracked, double[] sec, int n, int k, double[] f) {
        double[] acc = new double[PhaseSpaceOperator.TRACKED_QUANTITIES];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += sec[a] * f[i * k + a];
            }
            for (int q = 0; q < acc.length; q++) {
                acc[q] += tracked[q * n + i] * s;
            }
        }
        return acc;
    }

    /**
     * (I - c A) y = rhs for the implicit TR-BDF2 stages of Eq. 8, by blocks of rows from the top energy down.
     * OpenCL twins: sweepSolveRows (a block, sequentially) and sweepPushBlock / sweepPushBlockRows (the rows below).
     */
    public void implicitSweep(double c, double[] rhs, double[] y) {
        int len = n * k;
        double[] acc = work1;
        System.arraycopy(rhs, 0, acc, 0, len);
        for (int hi = n; hi > 0; hi -= BLOCK) {
            int lo = Math.max(0, hi - BLOCK);
            for (int j = hi - 1; j >= lo; j--) {
                solveRow(c, j, acc, y);
                for (int t = j - 1; t >= lo; t--) {
                    double g = gain[t * n + j];
                    if (g != 0) {
                        gainShifted(y, j * k, c * g, shift[t * n + j], firstLocal[t * n + j], acc, t * k, theta,
                                inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            }
            int blockLo = lo;
            int blockHi = hi;
            parallelRows(0, lo, t -> {
                for (int i = blockLo; i < blockHi; i++) {
                    double g = gain[t * n + i];
                    if (g != 0) {
                        gainShifted(y, i * k, c * g, shift[t * n + i], firstLocal[t * n + i], acc, t * k, theta,
                                inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            });
        }
        trackedRates(y, y, 1.0, c, rhs);
    }

    /**
     * Row j of the sweep, acc[j] holding rhs plus c times the gain from all higher rows: forward substitution in
     * angle, since the self-gain (scattering within bin j) only moves counts to larger angles; the part of a
     * shift that stays on its own node goes into the diagonal.
     */
    private void solveRow(double c, int j, double[] acc, double[] y) {
        int row = j * k;
        double l = loss[j];
        double s = gain[j * n + j];
        double d = shift[j * n + j];
        int last = nodes - 1;
        int b = 0;
        for (int a = 0; a < nodes; a++) {
            double t = theta[a] + d;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            double w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
            double self = selfShare(a, b, last, w);
            double ya = acc[row + a] / (1 + c * sec[a] * (l - s * self));
            y[row + a] = ya;
            double v = c * s * sec[a] * ya;
            if (v == 0) {
                continue;
            }
            if (b == last) {
                if (outflowCell != a) {
                    acc[row + outflowCell] += v;
                }
            } else if (b == a) {
                acc[row + b + 1] += w * v;
            } else {
                acc[row + b] += v - w * v;
                acc[row + b + 1] += w * v;
            }
        }
        if (hasOutflow) {
            y[row + outflowCell] = acc[row + outflowCell] / (1 + c * sec[outflowCell] * (l - s));
        }
    }

    /**
     * (I - c A) z = rhs for complex c, rhs real, as (sigma - A) z = sigma rhs with sigma = 1/c: transfers between
     * cells then have real coefficients (the same scatter as {@link #implicitSweep}, on the real and imaginary
     * parts separately) and only the diagonal is complex. Used by CRAM (physics.md: each of its 24 shifted solves
     * is one sweep). OpenCL twins: sweepSolveRowsComplex / sweepSolveRowsGroupComplex, the real push kernels with
     * coefficient 1, and trackedRatesComplex.
     */
    public void complexSweep(double cRe, double cIm, double[] rhs, double[] zr, double[] zi) {
        double[] sigma = VectorBackend.inverseShift(cRe, cIm);
        double sr = sigma[0];
        double si = sigma[1];
        int len = n * k;
        double[] ar = work1;
        double[] ai = work2;
        for (int p = 0; p < len; p++) {
            ar[p] = sr * rhs[p];
            ai[p] = si * rhs[p];
        }
        sweepCells(sr, si, null, null, ar, ai, zr, zi);
        // Tracked rows have no diagonal: z_q = rhs_q + c (T z), complex c times complex T z.
        double[] tr = trackedSums(zr);
        double[] ti = trackedSums(zi);
        for (int q = 0; q < tr.length; q++) {
            zr[len + q] = rhs[len + q] + cRe * tr[q] - cIm * ti[q];
            zi[len + q] = cRe * ti[q] + cIm * tr[q];
        }
    }

    /**
     * (Delta - G) z = r on the N K cells with a complex diagonal Delta given per cell in place of sigma + sec l (G the
     * gains, self-scattering included; r complex, overwritten): the block of several mass states reduces to this
     * ({@link MassStatesPhaseSpaceBackend}). Tracked quantities are left to the caller.
     */
    @Override
    public void sweepWithDiagonal(double[] diagRe, double[] diagIm, double[] rRe, double[] rIm, double[] zr,
                                  double[] zi) {
        sweepCells(0, 0, diagRe, diagIm, rRe, rIm, zr, zi);
    }

    private void sweepCells(double sr, double si, double[] diagRe, double[] diagIm, double[] ar, double[] ai,
                            double[] zr, double[] zi) {
        for (int hi = n; hi > 0; hi -= BLOCK) {
            int lo = Math.max(0, hi - BLOCK);
            for (int j = hi - 1; j >= lo; j--) {
                solveRowComplex(sr, si, diagRe, diagIm, j, ar, ai, zr, zi);
                for (int t = j - 1; t >= lo; t--) {
                    double g = gain[t * n + j];
                    if (g != 0) {
                        gainShiftedPair(zr, zi, j * k, g, shift[t * n + j], firstLocal[t * n + j], ar, ai, t * k,
                                theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            }
            int blockLo = lo;
            int blockHi = hi;
            parallelRows(0, lo, t -> {
                for (int i = blockLo; i < blockHi; i++) {
                    double g = gain[t * n + i];
                    if (g != 0) {
                        gainShiftedPair(zr, zi, i * k, g, shift[t * n + i], firstLocal[t * n + i], ar, ai, t * k,
                                theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            });
        }
    }

    /**
     * Share of a self-scattered count on node a that stays there (it moves to node b and b + 1 with weights 1 - w
     * and w; at the last node it stays only in the outflow cell). It goes into the diagonal of the row solve.
     */
    private double selfShare(int a, int b, int last, double w) {
        if (b != a) {
            return 0;
        }
        return b == last ? (outflowCell == a ? 1 : 0) : 1 - w;
    }

    /**
     * Row j of {@link #complexSweep}: {@link #solveRow} with the complex diagonal sigma + sec (l - s self), or with
     * diag[p] - sec s self where a diagonal per cell is given.
     */
    private void solveRowComplex(double sr, double si, double[] diagRe, double[] diagIm, int j, double[] ar,
                                 double[] ai, double[] zr, double[] zi) {
        int row = j * k;
        double l = loss[j];
        double s = gain[j * n + j];
        double d = shift[j * n + j];
        int last = nodes - 1;
        int b = 0;
        for (int a = 0; a < nodes; a++) {
            double t = theta[a] + d;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            double w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
            double self = selfShare(a, b, last, w);
            double dr = diagRe == null ? sr + sec[a] * (l - s * self) : diagRe[row + a] - sec[a] * s * self;
            divide(ar[row + a], ai[row + a], dr, diagIm == null ? si : diagIm[row + a], zr, zi, row + a);
            double f = s * sec[a];
            double vr = f * zr[row + a];
            double vi = f * zi[row + a];
            if (b == last) {
                if (outflowCell != a) {
                    ar[row + outflowCell] += vr;
                    ai[row + outflowCell] += vi;
                }
            } else if (b == a) {
                ar[row + b + 1] += w * vr;
                ai[row + b + 1] += w * vi;
            } else {
                ar[row + b] += vr - w * vr;
                ar[row + b + 1] += w * vr;
                ai[row + b] += vi - w * vi;
                ai[row + b + 1] += w * vi;
            }
        }
        if (hasOutflow) {
            int p = row + outflowCell;
            divide(ar[p], ai[p], diagRe == null ? sr + sec[outflowCell] * (l - s) : diagRe[p] - sec[outflowCell] * s,
                    diagIm == null ? si : diagIm[p], zr, zi, p);
        }
    }

    /** (xr + i xi) / (dr + i di) into zr[p], zi[p] (Smith's scaling: |dr| reaches 1e14, |di| is O(1)). */
    static void divide(double xr, double xi, double dr, double di, double[] zr, double[] zi, int p) {
        if (Math.abs(dr) >= Math.abs(di)) {
            double r = di / dr;
            double den = dr + di * r;
            zr[p] = (xr + xi * r) / den;
            zi[p] = (xi - xr * r) / den;
        } else {
            double r = dr / di;
            double den = dr * r + di;
            zr[p] = (xr * r + xi) / den;
            zi[p] = (xi * r - xr) / den;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
