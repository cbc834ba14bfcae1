package nusi.transport.tornado;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The Eq. 8 operator and its shifted sweeps as TornadoVM tasks: each method is one task of a {@code TaskGraph} in
 * {@link TornadoBackend} and names its Java twin in {@code nusi.transport.CpuBackend} (the float64 reference) or
 * {@code HostVectors}; the OpenCL kernels of the same names are in {@code kernels/transport.cl}. Rows layout:
 * one work-item per energy row (the {@code @Parallel} loop), the sequential scatter of the reference inside it.
 *
 * <p>Every vector lives in one device array, the arena, at offsets passed in {@code slot}: TornadoVM fixes a
 * task's arguments when its graph is built, so what changes between calls (which vectors, the block of rows,
 * the shift c) travels in the small arrays {@code slot} and {@code scalar}, copied to the device on every
 * execution. Indices into {@code slot}: {@link #X} (input), {@link #OUT} (output), {@link #Y} (second input),
 * {@link #LO}, {@link #HI} (the block of the sweep); into {@code scalar}: {@link #C} (c, or sigma_re),
 * {@link #C_IM} (sigma_im), {@link #A}, {@link #B}, {@link #S}. The sweep's accumulators sit at arena offsets 0
 * (real part) and {@code len} (imaginary part). Compiled with {@code -g}: TornadoVM finds {@code @Parallel} in
 * the local-variable table.
 */
public final class TransportTasks {
    static final int X = 0;
    static final int OUT = 1;
    static final int Y = 2;
    static final int LO = 3;
    static final int HI = 4;
    /** Arena offsets of a complex diagonal per cell (its real and imaginary parts; sweepWithDiagonal). */
    static final int DIAG = 5;
    static final int DIAG_IM = 6;
    static final int SLOTS = 7;
    static final int C = 0;
    static final int C_IM = 1;
    static final int A = 2;
    static final int B = 3;
    static final int S = 4;
    /** 1: the complex sweep takes the diagonal per cell at slot[DIAG], slot[DIAG_IM] in place of sigma + sec l. */
    static final int USE_DIAG = 5;
    static final int SCALARS = 6;

    private TransportTasks() {
    }

    /** Eq. 8, A f: gain minus loss per target row (CpuBackend.transportRate; OpenCL twin transportRateRows). */
    public static void transportRateRows(double[] v, int[] slot, int n, int k, int nodes, int outflowCell,
                                         int hasOutflow, double[] lossRate, double[] gainRate, double[] shift,
                                         double[] sec, double[] theta, double[] inverseSpacing, int[] firstLocal) {
        for (@Parallel int j = 0; j < n; j++) {
            int x = slot[X];
            int dst = slot[OUT] + j * k;
            double l = lossRate[j];
            for (int b = 0; b < k; b++) {
                v[dst + b] = -l * sec[b] * v[x + j * k + b];
            }
            for (int i = j; i < n; i++) {
                double g = gainRate[j * n + i];
                if (g != 0) {
                    gainShifted(v, x + i * k, g, shift[j * n + i], firstLocal[j * n + i], v, dst, theta,
                            inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                }
            }
        }
    }

    /** sum_a sec[a] f[i][a] per row i of the vector at slot[which] (CpuBackend.trackedSums; OpenCL rowSecantSums). */
    public static void rowSecantSums(double[] v, int[] slot, int which, int n, int k, double[] sec, double[] rowSum) {
        for (@Parallel int i = 0; i < n; i++) {
            int row = slot[which] + i * k;
            double s = 0;
            for (int a = 0; a < k; a++) {
                s += sec[a] * v[row + a];
            }
            rowSum[i] = s;
        }
    }

    /**
     * The tracked quantities of Eq. 8's energy budget, out_q = S rhs_q + C sum_i trackedRate[q][i] rowSum_i with
     * rhs at slot[X] and out at slot[OUT] (CpuBackend.trackedRates; OpenCL trackedRates). One work-item: the sum
     * runs in the reference's order.
     */
    public static void trackedRates(double[] v, int[] slot, double[] scalar, int n, int k, int tracked,
                                    double[] trackedRate, double[] rowSum) {
        int off = n * k;
        for (int q = 0; q < tracked; q++) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += trackedRate[q * n + i] * rowSum[i];
            }
            v[slot[OUT] + off + q] = scalar[S] * v[slot[X] + off + q] + scalar[C] * acc;
        }
    }

    /**
     * Tracked rows of the complex sweep, no diagonal: z_q = rhs_q + c (T z) with complex c = scalar[A] + i
     * scalar[B], rhs at slot[X], z at slot[OUT] (re) and slot[Y] (im) (CpuBackend.complexSweep's last loop;
     * OpenCL trackedRatesComplex).
     */
    public static void trackedRatesComplex(double[] v, int[] slot, double[] scalar, int n, int k, int tracked,
                                           double[] trackedRate, double[] rowSum, double[] rowSumIm) {
        int off = n * k;
        for (int q = 0; q < tracked; q++) {
            double tr = 0;
            double ti = 0;
            for (int i = 0; i < n; i++) {
                tr += trackedRate[q * n + i] * rowSum[i];
                ti += trackedRate[q * n + i] * rowSumIm[i];
            }
            v[slot[OUT] + off + q] = v[slot[X] + off + q] + scalar[A] * tr - scalar[B] * ti;
            v[slot[Y] + off + q] = scalar[A] * ti + scalar[B] * tr;
        }
    }

    /** The real sweep's accumulator starts as the right-hand side (CpuBackend.implicitSweep's first copy). */
    public static void sweepStart(double[] v, int[] slot, int cells, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int x = slot[X];
            int to = Math.min(cells, (ch + 1) * chunkLength(cells, chunks));
            for (int p = ch * chunkLength(cells, chunks); p < to; p++) {
                v[p] = v[x + p];
            }
        }
    }

    /** sigma rhs, the right-hand side of (sigma - A) z = sigma rhs (CpuBackend.complexSweep; OpenCL complexRhs). */
    public static void complexRhs(double[] v, int[] slot, double[] scalar, int cells, int len, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int x = slot[X];
            double sr = scalar[C];
            double si = scalar[C_IM];
            int to = Math.min(cells, (ch + 1) * chunkLength(cells, chunks));
            for (int p = ch * chunkLength(cells, chunks); p < to; p++) {
                double b = v[x + p];
                v[p] = sr * b;
                v[len + p] = si * b;
            }
        }
    }

    /**
     * One block [LO, HI) of the real sweep (I - c A) y = rhs on one work-item, rows from the top down: each row by
     * forward substitution in angle, then its gain pushed into the block's lower rows (CpuBackend.implicitSweep's
     * inner loop and solveRow; OpenCL sweepSolveRows). y at slot[OUT].
     */
    public static void sweepSolveRows(double[] v, int[] slot, double[] scalar, int n, int k, int nodes,
                                      int outflowCell, int hasOutflow, double[] lossRate, double[] gainRate,
                                      double[] shift, double[] sec, double[] theta, double[] inverseSpacing,
                                      int[] firstLocal) {
        int lo = slot[LO];
        int y = slot[OUT];
        double c = scalar[C];
        int last = nodes - 1;
        for (int j = slot[HI] - 1; j >= lo; j--) {
            int row = j * k;
            double l = lossRate[j];
            double s = gainRate[j * n + j];
            double d = shift[j * n + j];
            int b = 0;
            for (int a = 0; a < nodes; a++) {
                double t = theta[a] + d;
                while (b < last && theta[b + 1] <= t) {
                    b++;
                }
                double w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
                double self = selfShare(a, b, last, outflowCell, w);
                double ya = v[row + a] / (1 + c * sec[a] * (l - s * self));
                v[y + row + a] = ya;
                double val = c * s * sec[a] * ya;
                if (val != 0) {
                    if (b == last) {
                        if (outflowCell != a) {
                            v[row + outflowCell] += val;
                        }
                    } else if (b == a) {
                        v[row + b + 1] += w * val;
                    } else {
                        v[row + b] += val - w * val;
                        v[row + b + 1] += w * val;
                    }
                }
            }
            if (hasOutflow == 1) {
                v[y + row + outflowCell] = v[row + outflowCell] / (1 + c * sec[outflowCell] * (l - s));
            }
            for (int tr = j - 1; tr >= lo; tr--) {
                double g = gainRate[tr * n + j];
                if (g != 0) {
                    gainShifted(v, y + row, c * g, shift[tr * n + j], firstLocal[tr * n + j], v, tr * k, theta,
                            inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                }
            }
        }
    }

    /**
     * acc[t] += c sum_{i in [LO, HI)} gain[t][i] scatter(y_i) for every row t below the block, one work-item per
     * target row (CpuBackend.implicitSweep's parallel push; OpenCL sweepPushBlockRows). All n rows are launched,
     * those at or above LO return: TornadoVM sizes the launch from the loop bound, which must not change.
     */
    public static void sweepPushBlockRows(double[] v, int[] slot, double[] scalar, int n, int k, int nodes,
                                          int outflowCell, int hasOutflow, double[] gainRate, double[] shift,
                                          double[] sec, double[] theta, double[] inverseSpacing, int[] firstLocal) {
        for (@Parallel int t = 0; t < n; t++) {
            int lo = slot[LO];
            if (t < lo) {
                int hi = slot[HI];
                int y = slot[OUT];
                double c = scalar[C];
                for (int i = lo; i < hi; i++) {
                    double g = gainRate[t * n + i];
                    if (g != 0) {
                        gainShifted(v, y + i * k, c * g, shift[t * n + i], firstLocal[t * n + i], v, t * k, theta,
                                inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            }
        }
    }

    /**
     * One block of the complex sweep in the sigma form, (sigma - A) z = sigma rhs: the real sweep's scatter on the
     * real and imaginary parts, complex diagonal sigma + sec (l - s self) (CpuBackend.solveRowComplex and
     * complexSweep's inner loop; OpenCL sweepSolveRowsComplex). z at slot[OUT] (re) and slot[Y] (im).
     */
    public static void sweepSolveRowsComplex(double[] v, int[] slot, double[] scalar, int n, int k, int nodes,
                                             int outflowCell, int hasOutflow, int len, double[] lossRate,
                                             double[] gainRate, double[] shift, double[] sec, double[] theta,
                                             double[] inverseSpacing, int[] firstLocal) {
        int lo = slot[LO];
        int zr = slot[OUT];
        int zi = slot[Y];
        double sr = scalar[C];
        double si = scalar[C_IM];
        double useDiag = scalar[USE_DIAG];
        int dre = slot[DIAG];
        int dim = slot[DIAG_IM];
        int last = nodes - 1;
        for (int j = slot[HI] - 1; j >= lo; j--) {
            int row = j * k;
            double l = lossRate[j];
            double s = gainRate[j * n + j];
            double d = shift[j * n + j];
            int b = 0;
            for (int a = 0; a < nodes; a++) {
                double t = theta[a] + d;
                while (b < last && theta[b + 1] <= t) {
                    b++;
                }
                double w = b == last ? 0 : ((theta[a] - theta[b]) + d) * inverseSpacing[b];
                double self = selfShare(a, b, last, outflowCell, w);
                // with a diagonal per cell (several mass states; CpuBackend.sweepWithDiagonal) in place of sigma + sec l
                double dr = useDiag != 0 ? v[dre + row + a] - sec[a] * s * self : sr + sec[a] * (l - s * self);
                double di = useDiag != 0 ? v[dim + row + a] : si;
                divide(v[row + a], v[len + row + a], dr, di, v, zr + row + a, zi + row + a);
                double f = s * sec[a];
                double vr = f * v[zr + row + a];
                double vi = f * v[zi + row + a];
                if (b == last) {
                    if (outflowCell != a) {
                        v[row + outflowCell] += vr;
                        v[len + row + outflowCell] += vi;
                    }
                } else if (b == a) {
                    v[row + b + 1] += w * vr;
                    v[len + row + b + 1] += w * vi;
                } else {
                    v[row + b] += vr - w * vr;
                    v[row + b + 1] += w * vr;
                    v[len + row + b] += vi - w * vi;
                    v[len + row + b + 1] += w * vi;
                }
            }
            if (hasOutflow == 1) {
                int q = row + outflowCell;
                double dr = useDiag != 0 ? v[dre + q] - sec[outflowCell] * s : sr + sec[outflowCell] * (l - s);
                double di = useDiag != 0 ? v[dim + q] : si;
                divide(v[q], v[len + q], dr, di, v, zr + q, zi + q);
            }
            for (int tr = j - 1; tr >= lo; tr--) {
                double g = gainRate[tr * n + j];
                if (g != 0) {
                    gainShiftedPair(v, zr + row, zi + row, g, shift[tr * n + j], firstLocal[tr * n + j], tr * k,
                            len + tr * k, theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                }
            }
        }
    }

    /**
     * The complex sweep's push below a block, real and imaginary parts in one pass (coefficient 1 in the sigma
     * form; CpuBackend.complexSweep's parallel push; OpenCL sweepPushBlockRowsPair).
     */
    public static void sweepPushBlockRowsPair(double[] v, int[] slot, int n, int k, int nodes, int outflowCell,
                                              int hasOutflow, int len, int workers, double[] gainRate,
                                              double[] shift, double[] sec, double[] theta,
                                              double[] inverseSpacing, int[] firstLocal) {
        for (@Parallel int w = 0; w < workers; w++) {
            int lo = slot[LO];
            int hi = slot[HI];
            int zr = slot[OUT];
            int zi = slot[Y];
            for (int t = w; t < lo; t += workers) {
                for (int i = lo; i < hi; i++) {
                    double g = gainRate[t * n + i];
                    if (g != 0) {
                        gainShiftedPair(v, zr + i * k, zi + i * k, g, shift[t * n + i], firstLocal[t * n + i], t * k,
                                len + t * k, theta, inverseSpacing, sec, nodes, outflowCell, hasOutflow);
                    }
                }
            }
        }
    }

    /** out = A x + B y (HostVectors.combine; OpenCL combine). */
    public static void combine(double[] v, int[] slot, double[] scalar, int len, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int out = slot[OUT];
            int x = slot[X];
            int y = slot[Y];
            double a = scalar[A];
            double b = scalar[B];
            int to = Math.min(len, (ch + 1) * chunkLength(len, chunks));
            for (int p = ch * chunkLength(len, chunks); p < to; p++) {
                v[out + p] = a * v[x + p] + b * v[y + p];
            }
        }
    }

    /**
     * y = S y + Re((A + i B) z), y at slot[OUT], z at slot[X] (re) and slot[Y] (im)
     * (HostVectors.scaleAndAddRealPart; OpenCL scaleAndAddRealPart).
     */
    public static void scaleAndAddRealPart(double[] v, int[] slot, double[] scalar, int len, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int out = slot[OUT];
            int zr = slot[X];
            int zi = slot[Y];
            double s = scalar[S];
            double ar = scalar[A];
            double ai = scalar[B];
            int to = Math.min(len, (ch + 1) * chunkLength(len, chunks));
            for (int p = ch * chunkLength(len, chunks); p < to; p++) {
                v[out + p] = s * v[out + p] + (ar * v[zr + p] - ai * v[zi + p]);
            }
        }
    }

    /** A host vector into the arena at slot[OUT] (HostVectors.write). */
    public static void copyIn(double[] staging, double[] v, int[] slot, int len, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int out = slot[OUT];
            int to = Math.min(len, (ch + 1) * chunkLength(len, chunks));
            for (int p = ch * chunkLength(len, chunks); p < to; p++) {
                v[out + p] = staging[p];
            }
        }
    }

    /** The arena at slot[X] into a host vector (HostVectors.read). */
    public static void copyOut(double[] v, int[] slot, double[] staging, int len, int chunks) {
        for (@Parallel int ch = 0; ch < chunks; ch++) {
            int x = slot[X];
            int to = Math.min(len, (ch + 1) * chunkLength(len, chunks));
            for (int p = ch * chunkLength(len, chunks); p < to; p++) {
                staging[p] = v[x + p];
            }
        }
    }

    /**
     * Elements per work-item of the element-wise tasks, which split their range into {@code chunks} contiguous
     * pieces: one element each on a GPU (chunks = length), a few long loops on a CPU device, where one work-item
     * per element costs ~9 ns each (measured, PoCL) against ~0.7 ns in a loop.
     */
    static int chunkLength(int length, int chunks) {
        return (length + chunks - 1) / chunks;
    }

    /**
     * Eq. 8 gain from one source row into one target row, with source and target in the arena (CpuBackend.
     * gainShifted, the same order of operations): acc[b] += coeff sum_a sec[a] f[a] split(theta_a + shift -> b).
     */
    static void gainShifted(double[] f, int src, double coeff, double shift, int local, double[] acc, int dst,
                            double[] theta, double[] inverseSpacing, double[] sec, int nodes, int outflowCell,
                            int hasOutflow) {
        int last = nodes - 1;
        int b = 0;
        int cur = 0;
        double lo = 0;
        double hi = 0;
        double beyond = 0;
        for (int a = 0; a < local; a++) {
            double val = coeff * sec[a] * f[src + a];
            double t = theta[a] + shift;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            if (b == last) {
                beyond += val;
            } else {
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
                double wv = ((theta[a] - theta[b]) + shift) * inverseSpacing[b] * val;
                lo += val - wv;
                hi += wv;
            }
        }
        acc[dst + cur] += lo;
        if (cur < last) {
            acc[dst + cur + 1] += hi;
        }
        double carry = 0;
        for (int a = local; a < last; a++) {
            double val = coeff * sec[a] * f[src + a];
            double wv = shift * inverseSpacing[a] * val;
            acc[dst + a] += val - wv + carry;
            carry = wv;
        }
        if (local <= last) {
            if (local < last) {
                acc[dst + last] += carry;
            }
            beyond += coeff * sec[last] * f[src + last];
        }
        if (hasOutflow == 1) {
            beyond += coeff * sec[outflowCell] * f[src + outflowCell];
        }
        acc[dst + outflowCell] += beyond;
    }

    /**
     * {@link #gainShifted} on the real and imaginary parts at once, the arena holding sources (re at srcRe, im at
     * srcIm) and targets (dstRe, dstIm) (CpuBackend.gainShiftedPair).
     */
    static void gainShiftedPair(double[] v, int srcRe, int srcIm, double coeff, double shift, int local, int dstRe,
                                int dstIm, double[] theta, double[] inverseSpacing, double[] sec, int nodes,
                                int outflowCell, int hasOutflow) {
        int last = nodes - 1;
        int b = 0;
        int cur = 0;
        double lo = 0;
        double hi = 0;
        double beyond = 0;
        double loB = 0;
        double hiB = 0;
        double beyondB = 0;
        for (int a = 0; a < local; a++) {
            double cs = coeff * sec[a];
            double val = cs * v[srcRe + a];
            double valB = cs * v[srcIm + a];
            double t = theta[a] + shift;
            while (b < last && theta[b + 1] <= t) {
                b++;
            }
            if (b == last) {
                beyond += val;
                beyondB += valB;
            } else {
                if (b != cur) {
                    v[dstRe + cur] += lo;
                    v[dstIm + cur] += loB;
                    if (b == cur + 1) {
                        lo = hi;
                        loB = hiB;
                    } else {
                        v[dstRe + cur + 1] += hi;
                        v[dstIm + cur + 1] += hiB;
                        lo = 0;
                        loB = 0;
                    }
                    hi = 0;
                    hiB = 0;
                    cur = b;
                }
                double w = ((theta[a] - theta[b]) + shift) * inverseSpacing[b];
                double wv = w * val;
                double wvB = w * valB;
                lo += val - wv;
                hi += wv;
                loB += valB - wvB;
                hiB += wvB;
            }
        }
        v[dstRe + cur] += lo;
        v[dstIm + cur] += loB;
        if (cur < last) {
            v[dstRe + cur + 1] += hi;
            v[dstIm + cur + 1] += hiB;
        }
        double carry = 0;
        double carryB = 0;
        for (int a = local; a < last; a++) {
            double cs = coeff * sec[a];
            double val = cs * v[srcRe + a];
            double valB = cs * v[srcIm + a];
            double w = shift * inverseSpacing[a];
            double wv = w * val;
            double wvB = w * valB;
            v[dstRe + a] += val - wv + carry;
            v[dstIm + a] += valB - wvB + carryB;
            carry = wv;
            carryB = wvB;
        }
        if (local <= last) {
            if (local < last) {
                v[dstRe + last] += carry;
                v[dstIm + last] += carryB;
            }
            beyond += coeff * sec[last] * v[srcRe + last];
            beyondB += coeff * sec[last] * v[srcIm + last];
        }
        if (hasOutflow == 1) {
            beyond += coeff * sec[outflowCell] * v[srcRe + outflowCell];
            beyondB += coeff * sec[outflowCell] * v[srcIm + outflowCell];
        }
        v[dstRe + outflowCell] += beyond;
        v[dstIm + outflowCell] += beyondB;
    }

    /** Share of a self-scattered count on node a that stays there (CpuBackend.selfShare). */
    static double selfShare(int a, int b, int last, int outflowCell, double w) {
        if (b != a) {
            return 0;
        }
        if (b == last) {
            return outflowCell == a ? 1 : 0;
        }
        return 1 - w;
    }

    /** (xr + i xi) / (dr + i di) into v[pRe], v[pIm], Smith's scaling (CpuBackend.divide). */
    static void divide(double xr, double xi, double dr, double di, double[] v, int pRe, int pIm) {
        if (Math.abs(dr) >= Math.abs(di)) {
            double r = di / dr;
            double den = dr + di * r;
            v[pRe] = (xr + xi * r) / den;
            v[pIm] = (xi - xr * r) / den;
        } else {
            double r = dr / di;
            double den = dr * r + di;
            v[pRe] = (xr * r + xi) / den;
            v[pIm] = (xi * r - xr) / den;
        }
    }
}
